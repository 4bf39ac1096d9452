package graph_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
)

// BenchmarkGraphQL runs each query of the load mix (package bench) over HTTP on the embedded
// graph, cycling through the query's variables. The benchmarks are not run by go test without
// -bench, and assert nothing about time:
//
//	go test -run '^$' -bench . -count 6 ./graph/
func BenchmarkGraphQL(b *testing.B) {
	store, mix, err := bench.Seeded()
	if err != nil {
		b.Fatal(err)
	}
	srv := newServer(b, store)
	client := srv.Client()
	for _, name := range bench.Names {
		reqs := mix[name]
		b.Run(name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				resp, err := client.Post(srv.URL, "application/json", bytes.NewReader(reqs[i%len(reqs)].Body))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, resp.Body); err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}

// BenchmarkStoreSearch is the store call behind the Search query, without GraphQL and HTTP, to
// compare with BenchmarkGraphQL/Search.
func BenchmarkStoreSearch(b *testing.B) {
	s := mustStore(b)
	for b.Loop() {
		if _, err := s.Search(context.Background(), kg.SearchQuery{Text: "méthamphétamine", Page: kg.Page{Limit: 10}}); err != nil {
			b.Fatal(err)
		}
	}
}

// Benchmarks of the queries of the load mix (package bench) through the real GraphQL handler, and
// of the store calls behind them, on the embedded graph. They are not run by go test without
// -bench, and assert nothing about time:
//
//	go test -run '^$' -bench . -benchmem -count 6 ./graph/ | tee new.txt
//	benchstat old.txt new.txt

// BenchmarkRequest serves each query of the mix through the handler, in process (no network),
// cycling through the query's variables; it fails on any error in a response.
func BenchmarkRequest(b *testing.B) {
	store, mix, err := bench.Seeded()
	if err != nil {
		b.Fatal(err)
	}
	h := graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	// Minimal is one scalar of one entity: the fixed cost of any request through the handler
	// (reading, parsing from the cache, validation, extensions, execution, writing).
	mix["Minimal"] = []bench.Request{{Name: "Minimal", Body: []byte(`{"query":"query Minimal($id: ID!) { entity(id: $id) { id } }","variables":{"id":"j-code"}}`)}}
	for _, name := range append(bench.Names, "Minimal") {
		reqs := mix[name]
		b.Run(name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				w := postJSON(h, reqs[i%len(reqs)].Body)
				if w.Code != http.StatusOK || bytes.Contains(w.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%s: status %d: %s", name, w.Code, w.Body.Bytes())
				}
				i++
			}
		})
	}
	// NewDocument is the entity page with an alias unique to each request, as the load's
	// NewDocuments phase sends it: no cache of parsed documents, costs or collected fields answers.
	b.Run("NewDocument", func(b *testing.B) {
		reqs := mix["EntityPage"]
		i := 0
		for b.Loop() {
			body := bytes.Replace(reqs[i%len(reqs)].Body, []byte("entity("), fmt.Appendf(nil, "n_%d: entity(", i), 1)
			w := postJSON(h, body)
			if w.Code != http.StatusOK || bytes.Contains(w.Body.Bytes(), []byte(`"errors"`)) || !bytes.Contains(w.Body.Bytes(), fmt.Appendf(nil, `"n_%d"`, i)) {
				b.Fatalf("NewDocument: status %d: %s", w.Code, w.Body.Bytes())
			}
			i++
		}
	})
}

// BenchmarkStore times the store calls behind the mix, without GraphQL and HTTP.
func BenchmarkStore(b *testing.B) {
	s := mustStore(b)
	ctx := context.Background()
	ids := []string{"j-code", "royal-canadian-mounted-police", "fentanyl", "hells-angels", "methamphetamine"}
	calls := map[string]func() error{
		"EntitiesByID": func() error { _, err := s.EntitiesByID(ctx, ids); return err },
		"Relationships": func() error {
			_, err := s.Relationships(ctx, ids, kg.RelQuery{Page: kg.Page{Limit: 20}})
			return err
		},
		"Search": func() error {
			_, err := s.Search(ctx, kg.SearchQuery{Text: "méthamphétamine", Page: kg.Page{Limit: 10}})
			return err
		},
		"Neighborhood": func() error {
			_, err := s.Neighborhood(ctx, "methamphetamine", kg.NeighborhoodQuery{Depth: 2, Limit: 200})
			return err
		},
		"ShortestPath": func() error {
			_, err := s.ShortestPath(ctx, "hells-angels", "j-code", kg.PathQuery{MaxHops: 4})
			return err
		},
	}
	for _, name := range []string{"EntitiesByID", "Relationships", "Search", "Neighborhood", "ShortestPath"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := calls[name](); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRequestParallel serves the entity pages from 16 goroutines at once, as a loaded server
// does: contention and the collector show here, not in BenchmarkRequest.
func BenchmarkRequestParallel(b *testing.B) {
	store, mix, err := bench.Seeded()
	if err != nil {
		b.Fatal(err)
	}
	h := graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	reqs := mix["EntityPage"]
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			w := postJSON(h, reqs[i%len(reqs)].Body)
			if w.Code != http.StatusOK {
				b.Errorf("status %d: %s", w.Code, w.Body.Bytes())
				return
			}
			i++
		}
	})
}
