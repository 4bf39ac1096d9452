package cache_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/cache"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
)

// counting is the embedded store, counting the entity lookups the API makes.
type counting struct {
	kg.Store
	lookups atomic.Int64
	mu      sync.Mutex
	version string
}

func (c *counting) EntitiesByID(ctx context.Context, ids []string) ([]*kg.Entity, error) {
	c.lookups.Add(1)
	return c.Store.EntitiesByID(ctx, ids)
}

func (c *counting) DataVersion(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version, nil
}

func (c *counting) setVersion(v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.version = v
}

type fixture struct {
	store *counting
	cache *cache.Handler
	srv   *httptest.Server
}

func newFixture(t *testing.T, o cache.Options) *fixture {
	t.Helper()
	s, _ := memorytest.MustSeeded(t)
	store := &counting{Store: s, version: "v1"}
	o.Version = store.DataVersion
	o.VersionTTL = 1 // a nanosecond: every request asks the store
	h := cache.New(graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil))), o)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &fixture{store: store, cache: h, srv: srv}
}

type result struct {
	status int
	xcache string
	etag   string
	body   string
}

func (f *fixture) post(t *testing.T, query string, vars map[string]any, header map[string]string) result {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, f.srv.URL, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return do(t, req)
}

func (f *fixture) get(t *testing.T, query string, header map[string]string) result {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+"?query="+url.QueryEscape(query), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) result {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return result{status: resp.StatusCode, xcache: resp.Header.Get("X-Cache"), etag: resp.Header.Get("ETag"), body: string(raw)}
}

const entityQuery = `query E($id: ID!) { entity(id: $id) { id name relationships(first: 3) { edges { other { id } } } } }`

func TestRepeatedReadIsServedFromTheCache(t *testing.T) {
	f := newFixture(t, cache.Options{})
	vars := map[string]any{"id": "j-code"}
	first := f.post(t, entityQuery, vars, nil)
	lookups := f.store.lookups.Load()
	// The same document laid out differently, with a comment and commas.
	second := f.post(t, "# the entity page\nquery E($id: ID!) {\n  entity(id: $id) { id, name\n relationships(first: 3) { edges { other { id } } } }\n}", vars, nil)
	if first.xcache != "MISS" || second.xcache != "HIT" {
		t.Errorf("X-Cache %q then %q, want MISS then HIT", first.xcache, second.xcache)
	}
	if diff := cmp.Diff(first.body, second.body); diff != "" {
		t.Errorf("cached body differs (-first +second):\n%s", diff)
	}
	if n := f.store.lookups.Load(); n != lookups {
		t.Errorf("the cached read made %d store lookups, want none", n-lookups)
	}
}

func TestKeyHoldsVariablesOperationAndVersion(t *testing.T) {
	f := newFixture(t, cache.Options{})
	f.post(t, entityQuery, map[string]any{"id": "j-code"}, nil)
	if r := f.post(t, entityQuery, map[string]any{"id": "fentanyl"}, nil); r.xcache != "MISS" {
		t.Errorf("other variables: X-Cache %q, want MISS", r.xcache)
	}
	if r := f.post(t, entityQuery, map[string]any{"id": "fentanyl"}, map[string]string{"Cache-Control": "no-cache"}); r.xcache != "MISS" {
		t.Errorf("Cache-Control: no-cache: X-Cache %q, want MISS", r.xcache)
	}
	f.store.setVersion("v2")
	if r := f.post(t, entityQuery, map[string]any{"id": "j-code"}, nil); r.xcache != "MISS" {
		t.Errorf("after a change of data version: X-Cache %q, want MISS", r.xcache)
	}
	if r := f.post(t, entityQuery, map[string]any{"id": "j-code"}, nil); r.xcache != "HIT" {
		t.Errorf("repeated under the new version: X-Cache %q, want HIT", r.xcache)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	f := newFixture(t, cache.Options{})
	for range 2 {
		r := f.post(t, `{ search(text: "!!!") { totalCount } }`, nil, nil)
		if r.xcache == "HIT" || r.etag != "" {
			t.Errorf("an error response was served from the cache or given an ETag: %+v", r)
		}
	}
	for range 2 {
		r := f.post(t, entityQuery, map[string]any{"id": "no-such-entity-here"}, nil)
		if r.status != http.StatusOK || r.body != `{"data":{"entity":null}}` {
			t.Errorf("unknown entity: %d %s", r.status, r.body)
		}
	}
}

func TestGETRevalidatesWithETag(t *testing.T) {
	f := newFixture(t, cache.Options{})
	const q = `{ entity(id: "j-code") { id name } }`
	first := f.get(t, q, nil)
	if first.status != http.StatusOK || first.etag == "" {
		t.Fatalf("GET: status %d, ETag %q; want 200 with an ETag", first.status, first.etag)
	}
	again := f.get(t, q, map[string]string{"If-None-Match": first.etag})
	if again.status != http.StatusNotModified || again.body != "" || again.etag != first.etag {
		t.Errorf("revalidation: status %d, ETag %q, body %q; want 304, %q, empty", again.status, again.etag, again.body, first.etag)
	}
	f.store.setVersion("v2")
	changed := f.get(t, q, map[string]string{"If-None-Match": first.etag})
	if changed.status != http.StatusOK || changed.etag == first.etag {
		t.Errorf("after a change of data: status %d, ETag %q; want 200 with a new ETag", changed.status, changed.etag)
	}
}

func TestBoundedInBytes(t *testing.T) {
	const bound = 2 << 10
	f := newFixture(t, cache.Options{MaxBytes: bound})
	for _, id := range []string{"j-code", "fentanyl", "royal-canadian-mounted-police", "hells-angels", "methamphetamine", "winnipeg-police-service"} {
		if r := f.post(t, entityQuery, map[string]any{"id": id}, nil); r.status != http.StatusOK {
			t.Fatalf("%s: status %d", id, r.status)
		}
		if n, _ := f.cache.Bytes(); n > bound {
			t.Fatalf("the cache holds %d bytes, over its bound of %d", n, bound)
		}
	}
	if _, count := f.cache.Bytes(); count == 0 || count == 6 {
		t.Errorf("the cache holds %d responses of 6 under a bound of %d bytes; want some evicted, some kept", count, bound)
	}
	// The most recent is kept.
	if r := f.post(t, entityQuery, map[string]any{"id": "winnipeg-police-service"}, nil); r.xcache != "HIT" {
		t.Errorf("most recent response: X-Cache %q, want HIT", r.xcache)
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"{ a { b } }", "{a{b}}"},
		{"query Q($x: Int = 1) { a(x: $x) }", "query Q($x:Int=1){a(x:$x)}"},
		{"{ a(s: \"x  ,  y\") }", "{a(s:\"x  ,  y\")}"},
		{"{ a # comment\n b }", "{a b}"},
		{"{ ... on T { a } }", "{... on T{a}}"},
		{"{ a(s: \"\"\"block,  \"\" text\"\"\") }", "{a(s:\"\"\"block,  \"\" text\"\"\")}"},
	} {
		if got := cache.Normalize(tc.a); got != tc.b {
			t.Errorf("Normalize(%q) = %q, want %q", tc.a, got, tc.b)
		}
	}
	if cache.Normalize(`{ a(s: "x y") }`) == cache.Normalize(`{ a(s: "x  y") }`) {
		t.Error("spaces inside a string were normalised")
	}
}

// A persisted query sent by its hash alone is cached and revalidated like a document.
func TestPersistedQueryByHash(t *testing.T) {
	f := newFixture(t, cache.Options{})
	const q = `{ entity(id: "fentanyl") { id name } }`
	sum := sha256.Sum256([]byte(q))
	ext := url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`)
	get := func(withQuery bool, header map[string]string) result {
		t.Helper()
		u := f.srv.URL + "?extensions=" + ext
		if withQuery {
			u += "&query=" + url.QueryEscape(q)
		}
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		return do(t, req)
	}
	if r := get(true, nil); r.status != http.StatusOK || r.etag == "" {
		t.Fatalf("registering the query: status %d, ETag %q: %s", r.status, r.etag, r.body)
	}
	first := get(false, nil)
	second := get(false, nil)
	if first.status != http.StatusOK || first.xcache != "MISS" || second.xcache != "HIT" || first.body != second.body {
		t.Errorf("by hash: %+v then %+v; want 200 MISS then HIT with the same body", first, second)
	}
	if r := get(false, map[string]string{"If-None-Match": second.etag}); r.status != http.StatusNotModified {
		t.Errorf("revalidating by hash: status %d, want 304", r.status)
	}
}

// The media type of an answer follows the Accept header, so answers for one are not served for
// another.
func TestKeyHoldsAccept(t *testing.T) {
	f := newFixture(t, cache.Options{})
	vars := map[string]any{"id": "j-code"}
	f.post(t, entityQuery, vars, map[string]string{"Accept": "application/json"})
	r := f.post(t, entityQuery, vars, map[string]string{"Accept": "application/graphql-response+json"})
	if r.xcache != "MISS" {
		t.Errorf("another Accept: X-Cache %q, want MISS", r.xcache)
	}
	if r = f.post(t, entityQuery, vars, map[string]string{"Accept": "application/graphql-response+json"}); r.xcache != "HIT" {
		t.Errorf("the same Accept again: X-Cache %q, want HIT", r.xcache)
	}
}
