package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Benchmarks of typical queries over HTTP on the embedded graph. They are not run by go test
// without -bench, and assert nothing about time:
//
//	go test -run '^$' -bench . -count 6 ./graph/
var benchQueries = map[string]string{
	"Entity":       `{ entity(id: "j-code") { id name ... on Initiative { targets { edges { node { id name } evidence { quote } } } runBy { edges { node { id } } } } } }`,
	"Search":       `{ search(text: "méthamphétamine", first: 10) { totalCount edges { score node { id name } } } }`,
	"Neighborhood": `{ neighborhood(id: "methamphetamine", depth: 2, limit: 200) { nodes { id } relationships { type } } }`,
	"Path":         `{ path(from: "hells-angels", to: "j-code") { length nodes { id } } }`,
	"Deep":         `{ entities(types: [ORGANIZATION], first: 50) { edges { node { id relationships(first: 10) { edges { other { id name relationships(first: 5) { totalCount } } } } } } } }`,
}

func BenchmarkGraphQL(b *testing.B) {
	srv := newServer(b, mustStore(b))
	client := srv.Client()
	for name, q := range benchQueries {
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
