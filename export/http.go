package export

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Handler serves GET /export/{format}: the whole graph, or with ?id=ID&depth=N (1 to 3, default 1)
// the neighbourhood of an entity, as a download (Content-Disposition: attachment) written as it
// is encoded. It must be mounted on a pattern with a {format} wildcard.
func Handler(store kg.Store, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := Lookup(r.PathValue("format"))
		if !ok {
			http.Error(w, fmt.Sprintf("unknown export format %q; formats: %s", r.PathValue("format"), strings.Join(Names(), ", ")), http.StatusNotFound)
			return
		}
		scope := Scope{ID: r.URL.Query().Get("id"), Depth: 1}
		if d := r.URL.Query().Get("depth"); d != "" {
			n, err := strconv.Atoi(d)
			if err != nil || n < 0 || n > kg.MaxDepth {
				http.Error(w, fmt.Sprintf("depth %q is not a number from 0 to %d", d, kg.MaxDepth), http.StatusBadRequest)
				return
			}
			scope.Depth = n
		}
		g, err := Read(r.Context(), store, scope)
		if err != nil {
			status := http.StatusInternalServerError
			msg := "internal error"
			switch {
			case errors.Is(err, kg.ErrNotFound):
				status, msg = http.StatusNotFound, fmt.Sprintf("no entity %q", scope.ID)
			case errors.Is(err, kg.ErrInvalid):
				status, msg = http.StatusBadRequest, err.Error()
			case errors.Is(err, kg.ErrUnavailable):
				status, msg = http.StatusServiceUnavailable, "the graph store is unavailable; try again later"
			}
			if status >= 500 {
				logger.Error("export", "format", f.Name, "error", err)
			}
			http.Error(w, msg, status)
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
			logger.Error("export: write", "format", f.Name, "error", err)
		}
	})
}
