package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/internal/stall"
	"github.com/drugwatch/roundtable-kg/web"
)

// do sends a request with the given headers and returns the answer and its body.
func do(t *testing.T, method, url string, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// TestCacheControlAndVary checks that only successful GETs of /graphql may be kept by caches,
// that every other answer (errors in a 200 included) is no-store, and that the answers of
// /graphql name every header they depend on in Vary; through the response cache as without it.
func TestCacheControlAndVary(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	slow := httptest.NewServer(web.NewHandler(web.Options{Store: mustStore(t), Logger: slog.New(slog.DiscardHandler), Timeout: time.Nanosecond}))
	defer slow.Close()
	ok := "/graphql?query=" + url.QueryEscape("{ dataVersion }")
	cases := map[string]struct {
		base, method, path, body, cc string
		status                       int
	}{
		"GetOK":              {srv.URL, "GET", ok, "", "public, max-age=60", 200},
		"GetOKAgain":         {srv.URL, "GET", ok, "", "public, max-age=60", 200}, // from the cache
		"GetInvalid":         {srv.URL, "GET", "/graphql?query=" + url.QueryEscape("{"), "", "no-store", 200},
		"GetInvalidAgain":    {srv.URL, "GET", "/graphql?query=" + url.QueryEscape("{"), "", "no-store", 200},
		"GetResolverError":   {srv.URL, "GET", "/graphql?query=" + url.QueryEscape("{ entities(first: 101) { totalCount } }"), "", "no-store", 200},
		"GetTooLarge":        {srv.URL, "GET", "/graphql?query=" + strings.Repeat("a", 1<<20+1), "", "no-store", 414},
		"Post":               {srv.URL, "POST", "/graphql", `{"query": "{ dataVersion }"}`, "no-store", 200},
		"PostInvalid":        {srv.URL, "POST", "/graphql", `{"query": "{"}`, "no-store", 200},
		"Timeout":            {slow.URL, "GET", ok, "", "no-store", 200},
		"NotFound":           {srv.URL, "GET", "/nope", "", "no-store", 404},
		"ExportNotFound":     {srv.URL, "GET", "/export/nope", "", "no-store", 404},
		"MethodNotAllowed":   {srv.URL, "DELETE", "/graphql", "", "no-store", 405},
		"MethodNotAllowed2":  {srv.URL, "POST", "/healthz", "x", "no-store", 405},
		"ExplorerRedirect":   {srv.URL, "GET", "/explore", "", "no-store", 200}, // followed to the page
		"ExplorerVendorList": {srv.URL, "GET", "/explore/vendor/", "", "no-store", 404},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resp, body := do(t, tc.method, tc.base+tc.path, tc.body, map[string]string{"Content-Type": "application/json", "Origin": "https://app.example"})
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %.200s", resp.StatusCode, tc.status, body)
			}
			if tc.cc == "no-store" && tc.status == 200 && !strings.Contains(body, `"errors"`) && strings.HasPrefix(tc.path, "/graphql") && tc.method == "GET" {
				t.Errorf("a GET answered with no-store has no errors: %.200s", body)
			}
			if name == "ExplorerRedirect" {
				return // the redirect's own header is checked by the client only
			}
			if cc := resp.Header.Get("Cache-Control"); cc != tc.cc {
				t.Errorf("Cache-Control %q, want %q", cc, tc.cc)
			}
			if strings.HasPrefix(tc.path, "/graphql") {
				vary := strings.Join(resp.Header.Values("Vary"), ", ")
				for _, h := range []string{"Accept", "Origin", "Accept-Encoding"} {
					if !strings.Contains(vary, h) {
						t.Errorf("Vary %q lacks %s", vary, h)
					}
				}
			}
		})
	}
}

// TestMethods checks that HEAD is answered wherever GET is, like GET without a body, and that
// other methods get 405 with an Allow header and a GraphQL error, on every route.
func TestMethods(t *testing.T) {
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: mustStore(t), Logger: slog.New(slog.DiscardHandler), Schema: []byte("type Query { x: Int }")}))
	defer srv.Close()
	paths := []string{"/", "/healthz", "/readyz", "/metrics", "/schema.graphql", "/favicon.ico", "/explore/", "/explore/app.js",
		"/explore/vendor/LICENSE.cytoscape", "/export/json", "/graphql?query=" + url.QueryEscape("{ dataVersion }")}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			getResp, _ := do(t, "GET", srv.URL+path, "", nil)
			head, body := do(t, "HEAD", srv.URL+path, "", nil)
			if head.StatusCode != getResp.StatusCode || body != "" || head.Header.Get("Content-Type") != getResp.Header.Get("Content-Type") {
				t.Errorf("HEAD: %d %q, %d bytes; GET: %d %q", head.StatusCode, head.Header.Get("Content-Type"), len(body), getResp.StatusCode, getResp.Header.Get("Content-Type"))
			}
			allow := "GET, HEAD"
			if strings.HasPrefix(path, "/graphql") {
				allow = "GET, HEAD, POST"
			}
			for _, method := range []string{"PUT", "DELETE", "PATCH"} {
				resp, body := do(t, method, srv.URL+path, "", nil)
				if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != allow || !strings.Contains(body, `"METHOD_NOT_ALLOWED"`) {
					t.Errorf("%s: %d, Allow %q: %.200s; want 405, Allow %q and a METHOD_NOT_ALLOWED error", method, resp.StatusCode, resp.Header.Get("Allow"), body, allow)
				}
			}
		})
	}
}

// TestExplorerCSP checks that the explorer's Content-Security-Policy has every directive of the
// IDE's.
func TestExplorerCSP(t *testing.T) {
	srv, _ := newServer(t, mustStore(t))
	ide, _ := get(t, srv.URL+"/")
	explorer, _ := get(t, srv.URL+"/explore/")
	directives := func(csp string) map[string]string {
		m := map[string]string{}
		for d := range strings.SplitSeq(csp, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			m[name] = value
		}
		return m
	}
	got := directives(explorer.Header.Get("Content-Security-Policy"))
	for name := range directives(ide.Header.Get("Content-Security-Policy")) {
		if _, ok := got[name]; !ok {
			t.Errorf("the explorer's CSP %q has no %s", explorer.Header.Get("Content-Security-Policy"), name)
		}
	}
	for _, name := range []string{"frame-ancestors", "base-uri", "form-action"} {
		if got[name] != "'none'" {
			t.Errorf("the explorer's %s is %q, want 'none'", name, got[name])
		}
	}
}

// TestStalledBody sends a body that stops short of its Content-Length through the whole handler,
// response cache included: the answer is a TIMEOUT error that names no address.
func TestStalledBody(t *testing.T) {
	srv := httptest.NewUnstartedServer(web.NewHandler(web.Options{Store: mustStore(t), Logger: slog.New(slog.DiscardHandler)}))
	srv.Config.ReadTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()
	status, body, host := stall.Post(t, srv.Listener.Addr().String(), "/graphql")
	if status != http.StatusRequestTimeout || !strings.Contains(string(body), `"code":"TIMEOUT"`) || strings.Contains(string(body), host) {
		t.Errorf("%d %s; want 408 TIMEOUT without the addresses", status, body)
	}
}
