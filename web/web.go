// Package web is the HTTP face of the server: the GraphQL endpoint, the IDE, health and readiness
// probes, and the middleware every request goes through (request id, time limit, body limit,
// one structured log line).
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/drugwatch/roundtable-kg/explore"
	"github.com/drugwatch/roundtable-kg/export"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/ide"
	"github.com/drugwatch/roundtable-kg/kg"
)

// MaxBodyBytes bounds the size of a request body.
const MaxBodyBytes = 1 << 20

// Options configure the handler.
type Options struct {
	Store  kg.Store
	Logger *slog.Logger
	// Timeout bounds each request; zero means graph.Timeout.
	Timeout time.Duration
	// Schema is the GraphQL schema, served at /schema.graphql for code generators; none when empty.
	Schema []byte
	// CORSOrigins are the origins whose pages may call the API from a browser; "*" allows any.
	// None allows only pages served by this server.
	CORSOrigins []string
}

// NewHandler returns the server's whole HTTP handler.
func NewHandler(o Options) http.Handler {
	if o.Timeout == 0 {
		o.Timeout = graph.Timeout
	}
	mux := http.NewServeMux()
	m := newMetrics()
	mux.Handle("GET /metrics", m)
	if len(o.Schema) > 0 {
		mux.HandleFunc("GET /schema.graphql", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write(o.Schema) // the client has gone if this fails
		})
	}
	mux.Handle("/graphql", cors(graph.NewHandler(o.Store, o.Logger), o.CORSOrigins))
	mux.Handle("GET /export/{format}", export.Handler(o.Store, o.Logger))
	mux.Handle("GET /explore/", explore.Handler("/explore/", "/graphql"))
	mux.Handle("GET /explore", http.RedirectHandler("/explore/", http.StatusMovedPermanently))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := o.Store.Ready(ctx); err != nil {
			o.Logger.WarnContext(ctx, "not ready", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "the graph store is unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle("/", ide.Handler("/graphql", ide.Examples))
	return middleware(mux, o.Logger, o.Timeout, m)
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

// statusWriter remembers the status code a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// middleware gives every request an id (kept from X-Request-Id when the client sends one), a time
// limit and a body limit, turns panics into 500s without taking the server down, logs one line and
// counts the request in m.
func middleware(next http.Handler, logger *slog.Logger, timeout time.Duration, m *metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			id = newRequestID()
		}
		info := &graph.RequestInfo{ID: id}
		ctx, cancel := context.WithTimeout(graph.WithRequestInfo(r.Context(), info), timeout)
		defer cancel()
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", id)
		defer func() {
			if p := recover(); p != nil {
				logger.ErrorContext(ctx, "panic", "request", id, "panic", p)
				if sw.status == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			m.observe(r.URL.Path, sw.status, time.Since(start))
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			logger.Log(ctx, level, "request",
				"request", id, "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"bytes", sw.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000,
				"operation", info.Operation)
		}()
		if r.ContentLength > MaxBodyBytes {
			http.Error(sw, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(sw, r.Body, MaxBodyBytes)
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}
