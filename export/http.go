package export

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/drugwatch/roundtable-kg/errcode"
	"github.com/drugwatch/roundtable-kg/kg"
)

// Handler serves GET /export/{format}: the whole graph, or with ?id=ID&depth=N (0 to kg.MaxDepth,
// default 1) the neighbourhood of an entity, as a download (Content-Disposition: attachment)
// written as it is encoded. It must be mounted on a pattern with a {format} wildcard. Errors are
// answered as GraphQL errors (errcode.Write) whose messages never repeat the request's input.
func Handler(store kg.Store, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := Lookup(r.PathValue("format"))
		if !ok {
			errcode.Write(w, r, http.StatusNotFound, errcode.NotFound, "unknown export format; formats: "+strings.Join(Names(), ", "))
			return
		}
		scope := Scope{ID: r.URL.Query().Get("id"), Depth: 1}
		if d := r.URL.Query().Get("depth"); d != "" {
			n, err := strconv.Atoi(d)
			if err != nil || n < 0 || n > kg.MaxDepth {
				errcode.Write(w, r, http.StatusBadRequest, errcode.BadUserInput, fmt.Sprintf("depth must be a number from 0 to %d", kg.MaxDepth))
				return
			}
			scope.Depth = n
		}
		g, err := Read(r.Context(), store, scope)
		if err != nil {
			class := errcode.Of(err)
			msg := class.Message
			switch class.Code {
			case errcode.NotFound:
				msg = "no entity has this id"
			case errcode.BadUserInput:
				msg = "the id or depth is not valid"
			}
			if class.Logged {
				logger.ErrorContext(r.Context(), "export", "format", f.Name, "code", class.Code, "err", err)
			}
			errcode.Write(w, r, class.Status, class.Code, msg)
			return
		}
		file := f.File
		if scope.ID != "" {
			file = scope.ID + "-" + file
		}
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", file))
		if err := f.Write(w, g); err != nil {
			// The status is sent; the client sees a cut file.
			logger.ErrorContext(r.Context(), "export: write", "format", f.Name, "error", err)
		}
	})
}
