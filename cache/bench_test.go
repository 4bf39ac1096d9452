package cache_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/cache"
	"github.com/drugwatch/roundtable-kg/graph"
)

// BenchmarkCachedEntityPage serves the entity pages of the load mix from a warm cache, in
// process: the cost of a hit. Not a timing assertion.
//
//	go test -run '^$' -bench . -benchmem ./cache/
func BenchmarkCachedEntityPage(b *testing.B) {
	serve := entityPages(b, "")
	i := 0
	for b.Loop() {
		if w := serve(i); w.Header().Get("X-Cache") != "HIT" {
			b.Fatalf("request %d: X-Cache %q, want HIT", i, w.Header().Get("X-Cache"))
		}
		i++
	}
}

// BenchmarkFreshEntityPage serves the entity pages of the load mix with Cache-Control:
// no-cache, as the load's Variables phase sends them, in process: the cost of the cache in front
// of a request it may not answer (it runs the handler and stores the fresh answer).
func BenchmarkFreshEntityPage(b *testing.B) {
	serve := entityPages(b, "no-cache")
	i := 0
	for b.Loop() {
		if w := serve(i); w.Code != http.StatusOK || w.Header().Get("X-Cache") != "MISS" {
			b.Fatalf("request %d: status %d, X-Cache %q, want 200 and MISS", i, w.Code, w.Header().Get("X-Cache"))
		}
		i++
	}
}

// entityPages returns a function that serves the i-th entity page of the load mix (cycling) through
// the cache in front of the real handler, with the request header Cache-Control set to
// cacheControl when it is not empty, after serving each page once.
func entityPages(b *testing.B, cacheControl string) func(i int) *httptest.ResponseRecorder {
	store, mix, err := bench.Seeded()
	if err != nil {
		b.Fatal(err)
	}
	h := cache.New(graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil))), cache.Options{Version: store.DataVersion})
	reqs := mix["EntityPage"]
	serve := func(i int) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(reqs[i%len(reqs)].Body))
		req.Header.Set("Content-Type", "application/json")
		if cacheControl != "" {
			req.Header.Set("Cache-Control", cacheControl)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	for i := range reqs {
		serve(i)
	}
	return serve
}
