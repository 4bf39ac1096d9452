package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/storetest"
)

// BenchmarkGraphQL runs typical queries (storetest.QueryMix) over HTTP on the embedded graph. The
// benchmarks are not run by go test without -bench, and assert nothing about time:
//
//	go test -run '^$' -bench . -count 6 ./graph/
func BenchmarkGraphQL(b *testing.B) {
	srv := newServer(b, mustStore(b))
	client := srv.Client()
	for name, q := range storetest.QueryMix {
		body, err := json.Marshal(map[string]string{"query": q})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				resp, err := client.Post(srv.URL, "application/json", bytes.NewReader(body))
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
