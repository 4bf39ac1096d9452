package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
	"github.com/drugwatch/roundtable-kg/web"
)

func mustStore(tb testing.TB) *memory.Store {
	tb.Helper()
	s, _ := memorytest.MustSeeded(tb)
	return s
}

// syncBuffer is a log destination the test reads after requests have finished.
type syncBuffer struct{ bytes.Buffer }

func newServer(t *testing.T, store kg.Store) (*httptest.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: store, Logger: slog.New(slog.NewJSONHandler(logs, nil))}))
	t.Cleanup(srv.Close)
	return srv, logs
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	return do(t, http.MethodGet, url, "", nil)
}

func TestProbes(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	for path, want := range map[string]string{"/healthz": `"ok"`, "/readyz": `"ready"`} {
		resp, body := get(t, srv.URL+path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s = %d %s", path, resp.StatusCode, body)
		}
	}
}

// down is a store whose backend cannot be reached.
type down struct{ kg.Store }

func (down) Ready(context.Context) error { return kg.Errorf(kg.ErrUnavailable, "dial tcp: refused") }

func TestReadyzWhenStoreIsDown(t *testing.T) {
	srv, _ := newServer(t, down{mustStore(t)})
	resp, body := get(t, srv.URL+"/readyz")
	if resp.StatusCode != http.StatusServiceUnavailable || strings.Contains(body, "refused") {
		t.Errorf("GET /readyz = %d %s, want 503 without internals", resp.StatusCode, body)
	}
	resp, _ = get(t, srv.URL+"/healthz")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz = %d while the store is down, want 200 (the process is alive)", resp.StatusCode)
	}
}

func TestRequestLogAndID(t *testing.T) {
	srv, logs := newServer(t, mustStore(t))
	req, err := http.NewRequest("POST", srv.URL+"/graphql", strings.NewReader(`{"query": "query Riverbank { entity(id: \"project-riverbank\") { id } }", "operationName": "Riverbank"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-Id", "test-request-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-Id"); got != "test-request-1" {
		t.Errorf("X-Request-Id = %q", got)
	}
	srv.Close() // wait for the handler, and its log line, to finish
	line := logs.String()
	for _, want := range []string{`"request":"test-request-1"`, `"operation":"Riverbank"`, `"status":200`, `"duration_ms":`, `"path":"/graphql"`} {
		if !strings.Contains(line, want) {
			t.Errorf("log %s lacks %s", line, want)
		}
	}
}

func TestLargeBodyIsRefusedNotCrashed(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	body := `{"query": "{ dataVersion }", "variables": {"x": "` + strings.Repeat("a", graph.MaxBodyBytes) + `"}}`
	resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("status %d for a body over the limit, want 4xx", resp.StatusCode)
	}
}

func TestIDEAtRoot(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	resp, body := get(t, srv.URL+"/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "graphiql") || !strings.Contains(resp.Request.URL.RawQuery, "query=") {
		t.Errorf("GET / = %d (url %s), want the IDE opened on the examples", resp.StatusCode, resp.Request.URL)
	}
}

func TestLargeChunkedBodyGetsAClearError(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	body := `{"query": "{ dataVersion }", "variables": {"x": "` + strings.Repeat("a", graph.MaxBodyBytes) + `"}}`
	// A reader of unknown length is sent chunked, without Content-Length.
	resp, err := http.Post(srv.URL+"/graphql", "application/json", io.MultiReader(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "larger than") || !strings.Contains(string(b), graph.CodePayloadTooLarge) {
		t.Errorf("status %d %.300s, want 413 and a PAYLOAD_TOO_LARGE error saying the body is too large", resp.StatusCode, b)
	}
}

func TestCORS(t *testing.T) {
	logs := &syncBuffer{}
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: mustStore(t), Logger: slog.New(slog.NewJSONHandler(logs, nil)),
		CORSOrigins: []string{"https://app.example"}}))
	defer srv.Close()
	preflight := func(origin string) *http.Response {
		req, err := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	resp := preflight("https://app.example")
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Errorf("preflight from an allowed origin: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := preflight("https://evil.example"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from another origin allowed: %v", resp.Header)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query": "{ dataVersion }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://app.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Errorf("POST from an allowed origin: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestMetricsAndSchema(t *testing.T) {
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: mustStore(t), Logger: slog.New(slog.DiscardHandler), Schema: []byte("type Query { x: Int }")}))
	defer srv.Close()
	get(t, srv.URL+"/healthz")
	get(t, srv.URL+"/healthz")
	get(t, srv.URL+"/no/such/page/"+strings.Repeat("x", 10))
	resp, body := get(t, srv.URL+"/schema.graphql")
	if resp.StatusCode != http.StatusOK || body != "type Query { x: Int }" {
		t.Errorf("GET /schema.graphql = %d %q", resp.StatusCode, body)
	}
	_, body = get(t, srv.URL+"/metrics")
	for _, want := range []string{`http_request_duration_seconds_count{operation="",path="/healthz",status="200"} 2`,
		`http_request_duration_seconds_count{operation="",path="other",status="404"} 1`, "http_requests_in_flight 1", "go_goroutines", "process_start_time_seconds"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "xxxxxxxxxx") {
		t.Errorf("metrics name a client's path:\n%s", body)
	}
}

func TestSecurityHeadersAndNotFound(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	for _, path := range []string{"/graphql?query=%7BdataVersion%7D", "/healthz", "/no/such/page", "/graphql/"} {
		resp, body := get(t, srv.URL+path)
		for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "X-Request-Id"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("GET %s: no %s header", path, h)
			}
		}
		if strings.HasPrefix(path, "/no/") || strings.HasPrefix(path, "/graphql/") {
			if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"NOT_FOUND"`) || !strings.Contains(body, resp.Header.Get("X-Request-Id")) {
				t.Errorf("GET %s = %d %s, want 404 with a NOT_FOUND error and the request id", path, resp.StatusCode, body)
			}
		}
	}
	resp, _ := get(t, srv.URL+"/")
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self' 'sha256-") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("the IDE's CSP %q, want its own scripts and the hash of its inline script", csp)
	}
}

func TestGzip(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	for path, minRatio := range map[string]int{"/ide/assets/graphiql-4.1.2.min.js": 2, "/graphql?query=" + url.QueryEscape("{ entities(first: 100) { edges { node { id name } } } }"): 3} {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req) // the transport does not decompress a response asked for explicitly
		if err != nil {
			t.Fatal(err)
		}
		compressed, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s: Content-Encoding %q", path, resp.Header.Get("Content-Encoding"))
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(compressed))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if len(plain) < minRatio*len(compressed) {
			t.Errorf("GET %s: %d bytes compressed to %d", path, len(plain), len(compressed))
		}
	}
}

func TestRequestLogNamesTheOperationFromTheDocument(t *testing.T) {
	srv, logs := newServer(t, mustStore(t))
	resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query": "query Version { dataVersion }"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, metrics := get(t, srv.URL+"/metrics")
	srv.Close()
	if !strings.Contains(logs.String(), `"operation":"Version"`) {
		t.Errorf("log %s does not name the operation", logs.String())
	}
	if !strings.Contains(metrics, `http_request_duration_seconds_count{operation="Version",path="/graphql",status="200"} 1`) {
		t.Errorf("metrics do not count the operation:\n%s", metrics)
	}
}

// TestGzipKeepsConditionalAndRangeRequests checks that compression leaves range requests whole
// and that the weakened ETag of a compressed asset still answers If-None-Match.
func TestGzipKeepsConditionalAndRangeRequests(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	asset := srv.URL + "/ide/assets/graphiql-4.1.2.min.js"
	do := func(header http.Header) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", asset, nil)
		req.Header = header
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, b := do(http.Header{"Accept-Encoding": {"gzip"}, "Range": {"bytes=0-9"}})
	if resp.StatusCode != http.StatusPartialContent || len(b) != 10 || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("range: %d, %d bytes, Content-Encoding %q; want 206 and 10 plain bytes", resp.StatusCode, len(b), resp.Header.Get("Content-Encoding"))
	}
	resp, _ = do(http.Header{"Accept-Encoding": {"gzip"}})
	etag := resp.Header.Get("ETag")
	if !strings.HasPrefix(etag, "W/") {
		t.Errorf("compressed asset: ETag %q, want a weak one", etag)
	}
	resp, _ = do(http.Header{"Accept-Encoding": {"gzip"}, "If-None-Match": {etag}})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %s: %d, want 304", etag, resp.StatusCode)
	}
}
