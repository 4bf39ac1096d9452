# syntax=docker/dockerfile:1

# Build: a static binary; the seed data, the Cypher scripts and the web assets are embedded in it.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/roundtable-kg .

# Run: no shell, no package manager, an unprivileged user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/roundtable-kg /roundtable-kg
ENV PORT=8080
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/roundtable-kg"]
CMD ["serve"]
