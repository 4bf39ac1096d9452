// Package web is the HTTP face of the server: the GraphQL endpoint, the IDE, the schema, health
// and readiness probes, metrics, and the middleware every request goes through (request id, time
// limit, body limit, security headers, compression, one structured log line).
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/cache"
	"github.com/drugwatch/roundtable-kg/explore"
	"github.com/drugwatch/roundtable-kg/export"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/ide"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/reqlog"
)

// DefaultTimeout bounds each request unless configured otherwise.
const DefaultTimeout = 10 * time.Second

// Options configure the handler.
type Options struct {
	Store kg.Store
	// Logger receives one record per request and the errors; slog.Default() when nil.
	Logger *slog.Logger
	// Timeout bounds each request, from its first byte read to its answer; zero means
	// DefaultTimeout.
	Timeout time.Duration
	// Schema is the GraphQL schema, served at /schema.graphql for code generators; none when empty.
	Schema []byte
	// CORSOrigins are the origins whose pages may call the API from a browser; "*" allows any.
	// None allows only pages served by this server.
	CORSOrigins []string
	// GraphQL configures the GraphQL endpoint: limits, introspection, persisted queries.
	GraphQL []graph.Option
	// Gate admits the expensive work of GraphQL operations and downloads; one of
	// admission.Default when nil.
	Gate *admission.Gate
}

// NewHandler returns the server's whole HTTP handler.
func NewHandler(o Options) http.Handler {
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Gate == nil {
		o.Gate = admission.New(admission.Default)
	}
	logger := slog.New(reqlog.Handler(o.Logger.Handler()))
	m := newMetrics()
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.handler())
	if len(o.Schema) > 0 {
		mux.HandleFunc("GET /schema.graphql", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write(o.Schema) // the client has gone if this fails
		})
	}
	gqlOpts := append(slices.Clip(o.GraphQL), graph.WithGate(o.Gate))
	mux.Handle("/graphql", cors(cache.New(graph.NewHandler(o.Store, logger, gqlOpts...), cache.Options{Version: o.Store.DataVersion, MaxAge: graph.GETMaxAge}), o.CORSOrigins))
	mux.Handle("GET /export/{format}", admitted(o.Gate, export.Handler(o.Store, logger)))
	mux.Handle("GET /explore/", explore.Handler("/explore/", "/graphql"))
	mux.Handle("GET /explore", http.RedirectHandler("/explore/", http.StatusMovedPermanently))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := o.Store.Ready(ctx); err != nil {
			logger.WarnContext(ctx, "not ready", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "the graph store is unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	ideHandler := withCSP(ide.Handler("/graphql", ide.Examples))
	mux.Handle("GET /{$}", ideHandler)
	mux.Handle("GET "+ide.AssetsPath, ideHandler)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, graph.CodeNotFound, "no such path: the API is at /graphql, the IDE at /")
	})
	return middleware(gzipped(mux), logger, o.Timeout, m)
}

// admitted serves next as expensive work of the largest cost: it waits its turn at the gate, or
// is refused with SERVER_BUSY when the gate's line is full.
func admitted(gate *admission.Gate, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		release, err := gate.Admit(r.Context(), admission.Client(admission.WithClient(r.Context(), r.RemoteAddr)), math.MaxInt)
		switch {
		case errors.Is(err, admission.ErrBusy):
			w.Header().Set("Retry-After", "1")
			writeError(w, r, http.StatusServiceUnavailable, graph.CodeServerBusy, "the server is busy with expensive requests; try again shortly")
			return
		case err != nil:
			writeError(w, r, http.StatusServiceUnavailable, graph.CodeTimeout, "the request took longer than the server's time limit while waiting for expensive requests to finish")
			return
		}
		defer release()
		next.ServeHTTP(w, r)
	})
}

// cors lets browser pages from the allowed origins call next, answering preflight requests.
// The API only reads public data and uses no cookies, so credentials are never allowed.
func cors(next http.Handler, origins []string) http.Handler {
	allowed := func(origin string) bool {
		return slices.Contains(origins, "*") || slices.Contains(origins, origin)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || !allowed(origin) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Expose-Headers", "X-Request-Id")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, Accept, X-Request-Id, Apollo-Require-Preflight")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client has gone if this fails; nothing to do
}

// writeError answers with a GraphQL error: every error of the server, on /graphql or elsewhere,
// has the same form, with a code and the request's id.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	ext := map[string]string{"code": code}
	if id := reqlog.String(r.Context(), reqlog.KeyRequest); id != "" {
		ext["requestId"] = id
	}
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"message": message, "extensions": ext}}})
}

// statusWriter remembers the status code a handler wrote, and gives the answer a
// Content-Security-Policy when the handler set none.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		setDefaultCSP(w.Header())
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// requestID matches the request ids the server keeps from clients: up to 64 letters, digits,
// dots, dashes and underscores, which are safe in logs, headers and messages.
var requestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// middleware gives every request an id (kept from X-Request-Id when the client sends one), which
// every record logged with its context carries; a time limit and a body limit; the security
// headers; turns panics into a GraphQL INTERNAL_SERVER_ERROR without taking the server down; logs
// one line and counts the request in m.
func middleware(next http.Handler, logger *slog.Logger, timeout time.Duration, m *metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !requestID.MatchString(id) {
			id = newRequestID()
		}
		ctx, cancel := context.WithTimeout(reqlog.Start(r.Context(), slog.String(reqlog.KeyRequest, id)), timeout)
		defer cancel()
		r = r.WithContext(ctx)
		done := m.start()
		sw := &statusWriter{ResponseWriter: w}
		h := sw.Header()
		h.Set("X-Request-Id", id)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		defer func() {
			if p := recover(); p != nil {
				logger.ErrorContext(ctx, "panic", "panic", p)
				if sw.status == 0 {
					writeError(sw, r, http.StatusInternalServerError, graph.CodeInternal, "internal error (request "+id+")")
				}
			}
			took := time.Since(start)
			done(r.URL.Path, reqlog.String(ctx, reqlog.KeyOperation), sw.status, took)
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			logger.LogAttrs(ctx, level, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
				slog.Int("bytes", sw.bytes), slog.Float64("duration_ms", float64(took.Microseconds())/1000))
		}()
		r.Body = http.MaxBytesReader(sw, r.Body, graph.MaxBodyBytes)
		next.ServeHTTP(sw, r)
	})
}
