package graph_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
)

func hashOf(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// persisted sends a request naming a document by hash, with its text or not, by GET or POST.
func persisted(t *testing.T, target string, method, hash, query string) (int, http.Header, response) {
	t.Helper()
	ext := `{"persistedQuery": {"version": 1, "sha256Hash": "` + hash + `"}}`
	var status int
	var header http.Header
	var body []byte
	if method == http.MethodGet {
		q := url.Values{"extensions": {ext}}
		if query != "" {
			q.Set("query", query)
		}
		status, header, body = exchange(t, "GET", target+"?"+q.Encode(), "", "", nil)
	} else {
		b, _ := json.Marshal(map[string]any{"query": query, "extensions": json.RawMessage(ext)})
		status, header, body = exchange(t, "POST", target, "application/json", "", strings.NewReader(string(b)))
	}
	var r response
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("%d %s: %v", status, body, err)
	}
	return status, header, r
}

func TestAutomaticPersistedQueries(t *testing.T) {
	srv := newServer(t, mustStore(t))
	const doc = `{ entity(id: "winnipeg") { id } }`
	hash := hashOf(doc)
	if _, _, r := persisted(t, srv.URL, "GET", hash, ""); r.code() != graph.CodePersistedQueryNotFound {
		t.Errorf("unknown hash: %+v, want %s", r.Errors, graph.CodePersistedQueryNotFound)
	}
	if _, _, r := persisted(t, srv.URL, "POST", hash, doc); len(r.Errors) > 0 {
		t.Errorf("hash and document: %+v", r.Errors)
	}
	_, header, r := persisted(t, srv.URL, "GET", hash, "")
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), "winnipeg") {
		t.Errorf("known hash: %s %+v", r.Data, r.Errors)
	}
	if !strings.Contains(header.Get("Cache-Control"), "max-age") {
		t.Errorf("GET by hash: Cache-Control %q, want it cacheable", header.Get("Cache-Control"))
	}
	if _, _, r := persisted(t, srv.URL, "POST", hashOf("x"), doc); r.code() == "" {
		t.Errorf("hash of another document accepted: %+v", r)
	}
}

func TestTrustedDocuments(t *testing.T) {
	const doc = `{ entity(id: "winnipeg") { id } }`
	trusted, err := graph.ReadTrustedDocuments(strings.NewReader(`{"` + hashOf(doc) + `": ` + quoteJSON(doc) + `}`))
	if err != nil {
		t.Fatal(err)
	}
	srv := newServerWith(t, mustStore(t), graph.WithTrustedDocuments(trusted))
	if _, _, r := persisted(t, srv.URL, "GET", hashOf(doc), ""); len(r.Errors) > 0 {
		t.Errorf("trusted hash: %+v", r.Errors)
	}
	if r := post(t, srv, doc, nil); len(r.Errors) > 0 {
		t.Errorf("trusted text: %+v", r.Errors)
	}
	for _, other := range []string{`{ dataVersion }`, `{ entity(id: "winnipeg") { id name } }`} {
		if r := post(t, srv, other, nil); r.code() != graph.CodePersistedQueryNotFound {
			t.Errorf("%s: %+v, want %s", other, r.Errors, graph.CodePersistedQueryNotFound)
		}
		if _, _, r := persisted(t, srv.URL, "POST", hashOf(other), other); r.code() != graph.CodePersistedQueryNotFound {
			t.Errorf("%s registered by APQ: %+v, want %s", other, r.Errors, graph.CodePersistedQueryNotFound)
		}
	}
	if _, err := graph.ReadTrustedDocuments(strings.NewReader(`{"` + hashOf("x") + `": "{ dataVersion }"}`)); err == nil {
		t.Error("a file whose hash does not match its document was accepted")
	}
}

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestIntrospectionOff(t *testing.T) {
	on := newServer(t, mustStore(t))
	off := newServerWith(t, mustStore(t), graph.WithIntrospection(false))
	const query = `{ __schema { queryType { name } } }`
	if r := post(t, on, query, nil); len(r.Errors) > 0 {
		t.Errorf("introspection on: %+v", r.Errors)
	}
	if r := post(t, off, query, nil); len(r.Errors) == 0 {
		t.Errorf("introspection off answered %s", r.Data)
	}
	r := post(t, off, `{ entity(id: "winnipeg") { nam } }`, nil)
	if len(r.Errors) == 0 || strings.Contains(r.Errors[0].Message, "name") {
		t.Errorf("introspection off: %+v, want an error that suggests no field", r.Errors)
	}
}

// TestLargeDocumentsAreNotKept registers a document made large by a comment (few tokens, many
// bytes): it runs, but the cache does not keep it, so that caches bounded in entries stay bounded
// in bytes.
func TestLargeDocumentsAreNotKept(t *testing.T) {
	srv := newServer(t, mustStore(t))
	doc := "# " + strings.Repeat("x", 20<<10) + "\n{ dataVersion }"
	if _, _, r := persisted(t, srv.URL, "POST", hashOf(doc), doc); len(r.Errors) > 0 {
		t.Errorf("large document: %+v", r.Errors)
	}
	if _, _, r := persisted(t, srv.URL, "GET", hashOf(doc), ""); r.code() != graph.CodePersistedQueryNotFound {
		t.Errorf("large document by hash: %+v, want %s (not kept)", r.Errors, graph.CodePersistedQueryNotFound)
	}
}
