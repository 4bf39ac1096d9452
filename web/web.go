// Package web is the HTTP face of the server: the GraphQL endpoint, the IDE, the explorer, the
// schema, the downloads, health and readiness probes, metrics, and the middleware every request goes through (request id, time
// limit, body limit, security headers, compression, one structured log line).
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/cache"
	"github.com/drugwatch/roundtable-kg/errcode"
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
	// Documents are the trusted documents, if any: the names of their operations, like those of
	// the IDE's examples, are always counted under their own name in the metrics.
	Documents []string
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
	m := newMetrics(operationNames(append([]string{ide.Examples}, o.Documents...)...))
	m.watchGate(o.Gate)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.handler())
	if len(o.Schema) > 0 {
		mux.HandleFunc("GET /schema.graphql", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write(o.Schema) // the client has gone if this fails
		})
	}
	gqlOpts := append(slices.Clip(o.GraphQL), graph.WithGate(o.Gate))
	mux.Handle("/graphql", graphQLVary(cors(cache.New(graph.NewHandler(o.Store, logger, gqlOpts...), cache.Options{Version: o.Store.DataVersion, MaxAge: graph.GETMaxAge}), o.CORSOrigins)))
	mux.Handle("GET /export/{format}", admitted(o.Gate, export.Handler(o.Store, logger)))
	mux.Handle("GET /explore/", explore.Handler("/explore/", "/graphql", http.HandlerFunc(notFound)))
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
	ideHandler := ide.Handler("/graphql", ide.Examples)
	mux.Handle("GET /{$}", ideHandler)
	mux.Handle("GET "+ide.AssetsPath, ideHandler)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// Reached by paths no route serves, and by methods the route of the path does not serve.
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			get := r.Clone(r.Context())
			get.Method = http.MethodGet
			if _, pattern := mux.Handler(get); pattern != "/" {
				w.Header().Set("Allow", "GET, HEAD")
				errcode.Write(w, r, http.StatusMethodNotAllowed, errcode.MethodNotAllowed, "method "+r.Method+" is not allowed here; use GET or HEAD")
				return
			}
		}
		notFound(w, r)
	})
	return middleware(gzipped(mux), logger, o.Timeout, m)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	errcode.Write(w, r, http.StatusNotFound, errcode.NotFound, "no such path: the API is at /graphql, the IDE at /, the explorer at /explore/")
}

// operationNames returns the names of the operations of the documents; documents that do not
// parse have none.
func operationNames(docs ...string) []string {
	var names []string
	for _, doc := range docs {
		d, err := parser.ParseQuery(&ast.Source{Input: doc})
		if err != nil {
			continue
		}
		for _, op := range d.Operations {
			if op.Name != "" {
				names = append(names, op.Name)
			}
		}
	}
	return names
}

// admitted serves next as expensive work of the largest cost: it waits its turn at the gate, or
// is refused with SERVER_BUSY when the gate's line is full.
func admitted(gate *admission.Gate, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		release, err := gate.Admit(r.Context(), admission.Host(r.RemoteAddr), math.MaxInt)
		if err != nil {
			class := errcode.Of(err)
			if class.Code == errcode.ServerBusy {
				w.Header().Set("Retry-After", "1")
			}
			errcode.Write(w, r, class.Status, class.Code, class.Message)
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

// graphQLVary names, in one Vary header, every request header an answer of the GraphQL endpoint
// depends on: its media type follows Accept, its CORS headers Origin, its compression
// Accept-Encoding. It replaces the Vary: Accept-Encoding that the compression middleware gives
// every path.
func graphQLVary(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Accept, Accept-Encoding, Origin")
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client has gone if this fails; nothing to do
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
		if code != http.StatusOK && code != http.StatusNotModified && code != http.StatusPartialContent {
			// Errors and redirects are answers of the moment: no cache may keep them.
			w.Header().Set("Cache-Control", "no-store")
		}
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
	bodies := newBodyPool()
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
					errcode.Write(sw, r, http.StatusInternalServerError, errcode.Internal, "internal error (request "+id+")")
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
		release, err := bodies.take(ctx, r)
		if err != nil {
			class := errcode.Of(err)
			sw.Header().Set("Retry-After", "1")
			errcode.Write(sw, r, class.Status, class.Code, "the server is busy reading other large requests; try again shortly")
			return
		}
		defer release()
		r.Body = http.MaxBytesReader(sw, r.Body, graph.MaxBodyBytes)
		next.ServeHTTP(sw, r)
	})
}
