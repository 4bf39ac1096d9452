package ide_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/ide"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
)

// MustServer starts an HTTP server with the real GraphQL endpoint over the seed data at
// /graphql and the IDE everywhere else.
func MustServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	store, _ := memorytest.MustSeeded(tb)
	mux := http.NewServeMux()
	mux.Handle("/graphql", graph.NewHandler(store, slog.New(slog.DiscardHandler)))
	mux.Handle("/", ide.Handler("/graphql", ide.Examples))
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}

// MustGet fetches url without following redirects.
func MustGet(tb testing.TB, url string, header http.Header) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		tb.Fatalf("new request %s: %v", url, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s: read body: %v", url, err)
	}
	return resp, body
}

// resource is a script or style sheet that a page loads.
type resource struct {
	url       string
	integrity string
}

// resourcePattern matches the script and link elements of gqlgen's GraphiQL page.
var resourcePattern = regexp.MustCompile(`(?:src|href)="([^"]*)"\s+integrity="([^"]*)"`)

// resources returns the scripts and style sheets of page, in order.
func resources(page string) []resource {
	var list []resource
	for _, m := range resourcePattern.FindAllStringSubmatch(page, -1) {
		list = append(list, resource{url: html.UnescapeString(m[1]), integrity: html.UnescapeString(m[2])})
	}
	return list
}

func integrity(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// pageURL is a page URL with a query, which the handler serves without redirecting.
const pageURL = "/?query=%7B__typename%7D"

func TestPageLoadsOnlyLocalAssets(t *testing.T) {
	srv := httptest.NewServer(ide.Handler("/graphql", ide.Examples))
	defer srv.Close()

	resp, body := MustGet(t, srv.URL+pageURL, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", pageURL, resp.StatusCode)
	}
	if got, want := resp.Header.Get("Content-Type"), "text/html; charset=UTF-8"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	if m := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`).Find(body); m != nil {
		t.Errorf("page refers to another host: %s", m)
	}
	page := string(body)
	list := resources(page)
	if len(list) != 6 {
		t.Fatalf("page loads %d scripts and style sheets, want 6 (GraphiQL, React, ReactDOM, explorer): %v", len(list), list)
	}
	for _, r := range list {
		if !strings.HasPrefix(r.url, ide.AssetsPath) {
			t.Errorf("page loads %s, want a URL under %s", r.url, ide.AssetsPath)
		}
		if !strings.HasPrefix(r.integrity, "sha256-") {
			t.Errorf("%s: integrity %q, want sha256-...", r.url, r.integrity)
		}
	}
	if !strings.Contains(page, "GraphiQLPluginExplorer.explorerPlugin()") {
		t.Error("page does not enable the explorer plugin")
	}
	if !strings.Contains(page, "query: parameters.query") {
		t.Error("page does not read its state from the URL")
	}
}

func TestAssets(t *testing.T) {
	srv := httptest.NewServer(ide.Handler("/graphql", ide.Examples))
	defer srv.Close()
	_, body := MustGet(t, srv.URL+pageURL, nil)
	list := resources(string(body))

	// gqlgen's default page loads the same files from jsDelivr, with their hashes: the copies
	// must be byte for byte the same. The explorer's style sheet is the exception: jsDelivr
	// serves a minified style.min.css that it builds itself, which is not in the npm package.
	rec := httptest.NewRecorder()
	playground.Handler("GraphiQL", "/graphql", playground.WithGraphiqlEnablePluginExplorer(true)).
		ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	cdn := resources(rec.Body.String())
	if len(cdn) != len(list) {
		t.Fatalf("gqlgen's default page loads %d files, ours %d", len(cdn), len(list))
	}

	for i, r := range list {
		name := path.Base(r.url)
		t.Run(name, func(t *testing.T) {
			resp, data := MustGet(t, srv.URL+r.url, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200", r.url, resp.StatusCode)
			}
			want := map[string]string{
				".js":  "text/javascript; charset=utf-8",
				".css": "text/css; charset=utf-8",
			}[path.Ext(name)]
			if got := resp.Header.Get("Content-Type"); got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
			if got := resp.Header.Get("Cache-Control"); !strings.Contains(got, "max-age=31536000") {
				t.Errorf("Cache-Control = %q, want a max-age of a year", got)
			}
			if got := integrity(data); got != r.integrity {
				t.Errorf("integrity of the served bytes = %s, page says %s", got, r.integrity)
			}
			if strings.HasSuffix(cdn[i].url, "/style.min.css") {
				return
			}
			if path.Ext(cdn[i].url) != path.Ext(name) || cdn[i].integrity != r.integrity {
				t.Errorf("integrity %s, want %s as %s (refresh assets/, see README.md)", r.integrity, cdn[i].integrity, cdn[i].url)
			}

			resp, data = MustGet(t, srv.URL+r.url, http.Header{"If-None-Match": {resp.Header.Get("ETag")}})
			if resp.StatusCode != http.StatusNotModified || len(data) != 0 {
				t.Errorf("GET with If-None-Match: status %d with %d bytes, want 304 and none", resp.StatusCode, len(data))
			}
		})
	}
}

func TestRequests(t *testing.T) {
	examples := "?query=" + url.QueryEscape(ide.Examples)

	tests := map[string]struct {
		method   string
		path     string
		status   int
		location string
	}{
		"RedirectToExamples":     {http.MethodGet, "/", http.StatusFound, "/" + examples},
		"RedirectOnAnyPath":      {http.MethodGet, "/ide", http.StatusFound, "/ide" + examples},
		"RedirectKeepsParams":    {http.MethodGet, "/?variables=%7B%7D", http.StatusFound, "/" + examples + "&variables=%7B%7D"},
		"RedirectStaysOnHost":    {http.MethodGet, "//example.com/", http.StatusFound, "/example.com/" + examples},
		"RedirectStaysOnHost3":   {http.MethodGet, "///example.com", http.StatusFound, "/example.com" + examples},
		"RedirectBackslash":      {http.MethodGet, "/%5Cexample.com/", http.StatusFound, "/%5Cexample.com/" + examples},
		"EmptyQueryIsKept":       {http.MethodGet, "/?query=", http.StatusOK, ""},
		"Head":                   {http.MethodHead, pageURL, http.StatusOK, ""},
		"PostNotAllowed":         {http.MethodPost, pageURL, http.StatusMethodNotAllowed, ""},
		"UnknownAsset":           {http.MethodGet, ide.AssetsPath + "graphiql.js", http.StatusNotFound, ""},
		"AssetsDirectory":        {http.MethodGet, ide.AssetsPath, http.StatusNotFound, ""},
		"AssetPathNotTraversing": {http.MethodGet, ide.AssetsPath + "../ide.go", http.StatusNotFound, ""},
	}
	h := ide.Handler("/graphql", ide.Examples)
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			// A recorder rather than a server: a client would clean the path.
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.status {
				t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, rec.Code, tt.status)
			}
			if got := rec.Header().Get("Location"); got != tt.location {
				t.Errorf("%s %s: Location = %.80q..., want %.80q...", tt.method, tt.path, got, tt.location)
			}
		})
	}
}

func TestRedirectOpensTheExamples(t *testing.T) {
	srv := httptest.NewServer(ide.Handler("/graphql", ide.Examples))
	defer srv.Close()
	resp, _ := MustGet(t, srv.URL+"/", nil)
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatalf("Location: %v", err)
	}
	if got := loc.Query().Get("query"); got != ide.Examples {
		t.Errorf("query parameter of the redirect = %.60q..., want ide.Examples", got)
	}
}

func TestExamplesRunOnTheSeedData(t *testing.T) {
	srv := MustServer(t)
	doc, err := parser.ParseQuery(&ast.Source{Input: ide.Examples})
	if err != nil {
		t.Fatalf("parse Examples: %v", err)
	}
	if len(doc.Operations) < 5 {
		t.Errorf("Examples has %d operations, want at least 5", len(doc.Operations))
	}
	for _, op := range doc.Operations {
		t.Run(op.Name, func(t *testing.T) {
			body, err := json.Marshal(map[string]string{"query": ide.Examples, "operationName": op.Name})
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatalf("POST /graphql: %v", err)
			}
			defer resp.Body.Close()
			var result struct {
				Data   map[string]json.RawMessage `json:"data"`
				Errors []json.RawMessage          `json:"errors"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&result); err != nil {
				t.Fatalf("decode response: %v", err)
			}
			if len(result.Errors) > 0 {
				t.Errorf("errors: %s", result.Errors)
			}
			for field, value := range result.Data {
				if string(value) == "null" {
					t.Errorf("%s is null: the example names an id that is not in the seed data", field)
				}
				var v any
				if err := json.Unmarshal(value, &v); err != nil {
					t.Fatal(err)
				}
				if hub := throughHub(v); hub != "" {
					t.Errorf("%s goes through %s: examples must not route through a hub", field, hub)
				}
			}
			if len(result.Data) == 0 {
				t.Errorf("no data")
			}
		})
	}
}

// throughHub returns what makes a response route through a hub: a path hop that is a detour, a
// path with detours, or a connections subgraph holding a session, event or document.
func throughHub(v any) string {
	switch x := v.(type) {
	case map[string]any:
		if d, ok := x["detour"].(bool); ok && d {
			return "a detour hop"
		}
		if n, ok := x["detours"].(float64); ok && n > 0 {
			return "a path with detours"
		}
		for k, child := range x {
			if k == "nodes" {
				if list, ok := child.([]any); ok {
					for _, n := range list {
						if m, ok := n.(map[string]any); ok && (m["type"] == "SESSION" || m["type"] == "EVENT" || m["type"] == "DOCUMENT") {
							return fmt.Sprint(m["id"])
						}
					}
				}
			}
			if hub := throughHub(child); hub != "" {
				return hub
			}
		}
	case []any:
		for _, child := range x {
			if hub := throughHub(child); hub != "" {
				return hub
			}
		}
	}
	return ""
}
