package graph

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
)

// post is gqlgen's POST transport, but writes a successful response's data as the executor made
// it. gqlgen's writes every response through json.Marshal, which validates and compacts the data
// a second time: a tenth of the CPU of an entity page under load. Requests it cannot decode or
// operations it cannot start go to gqlgen's transport, which answers them as before.
type post struct{ transport.POST }

// Do implements graphql.Transport.
func (t post) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	fallback := func() {
		// gqlgen's transport reads the same bytes, and the same error if reading failed.
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), failing{err}))
		t.POST.Do(w, r, exec)
	}
	if err != nil {
		fallback()
		return
	}
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		fallback()
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, &params)
	if opErr != nil {
		fallback()
		return
	}
	w.Header().Set("Content-Type", responseContentType(r))
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
}

// failing is a reader that returns err, or io.EOF when err is nil.
type failing struct{ err error }

func (f failing) Read([]byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	return 0, io.EOF
}

// get is gqlgen's GET transport, writing a successful response's data as the executor made it,
// as post does. Requests it cannot decode and operations it cannot start or that are not queries
// go to gqlgen's transport, which answers them as before.
type get struct{ transport.GET }

// Do implements graphql.Transport.
func (t get) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		t.GET.Do(w, r, exec)
		return
	}
	params := graphql.RawParams{Query: query.Get("query"), OperationName: query.Get("operationName"), Headers: r.Header}
	for name, into := range map[string]any{"variables": &params.Variables, "extensions": &params.Extensions} {
		if v := query.Get(name); v != "" {
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(into); err != nil {
				t.GET.Do(w, r, exec)
				return
			}
		}
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(r.Context(), &params)
	if opErr != nil || rc.Doc.Operations.ForName(rc.OperationName).Operation != ast.Query {
		t.GET.Do(w, r, exec)
		return
	}
	w.Header().Set("Content-Type", responseContentType(r))
	responses, ctx := exec.DispatchOperation(r.Context(), rc)
	writeResponse(w, responses(ctx))
}

// writeResponse writes resp as json.Marshal would, without a second pass over data when the
// response holds nothing else.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if len(resp.Errors) > 0 || resp.Label != "" || resp.Path != nil || resp.HasNext != nil || len(resp.Extensions) > 0 || len(resp.Data) == 0 {
		b, err := json.Marshal(resp)
		if err != nil {
			b = []byte(`{"errors":[{"message":"the response could not be encoded"}],"data":null}`)
		}
		_, _ = w.Write(b) // the client has gone if this fails
		return
	}
	buf := make([]byte, 0, len(resp.Data)+len(`{"data":}`))
	buf = append(buf, `{"data":`...)
	buf = append(buf, resp.Data...)
	buf = append(buf, '}')
	_, _ = w.Write(buf) // the client has gone if this fails
}

// responseContentType is the media type gqlgen's transport answers with: the first of JSON or
// GraphQL response JSON that the client accepts, JSON when it states nothing or accepts anything.
func responseContentType(r *http.Request) string {
	const (
		appJSON      = "application/json"
		responseJSON = "application/graphql-response+json"
	)
	accept := r.Header.Get("Accept")
	if accept == "" {
		return appJSON
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "*/*", "application/*", appJSON:
			return appJSON
		case responseJSON:
			return responseJSON
		}
	}
	return responseJSON
}
