package neo4j_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/web"
)

// BenchmarkQueryMix runs the query mix of the load command (package bench) over HTTP, through the
// server's real handler, on the embedded store and on Neo4j in one run, one request at a time,
// each query cycling through its variables. The requests skip the response cache
// (Cache-Control: no-cache), so that the stores are measured. It reports for each query requests
// per second, the median and 99th percentile latency, and for Neo4j the Cypher statements (Bolt
// round trips) per request; Neo4j runs with the batch wait it measured, with the default fixed
// one, and without the planner (every connection through the loaders). It asserts nothing about
// time:
//
//	go test -run '^$' -bench QueryMix -benchtime 200x ./neo4j/
func BenchmarkQueryMix(b *testing.B) {
	mem, mix, err := bench.Seeded()
	if err != nil {
		b.Fatal(err)
	}
	db := MustOpenSeeded(b)
	// Neo4j twice: with the batch wait the store measured (BatchWait, reported as wait-µs), and
	// with the fixed wait that stores stating none get (graph.DefaultLoaderWait).
	stores := []struct {
		name  string
		store kg.Store
		opts  []graph.Option
	}{{"memory", mem, nil}, {"neo4j", db, nil}, {"neo4j-fixed-wait", db, []graph.Option{graph.WithLoaderWait(graph.DefaultLoaderWait)}},
		{"neo4j-unplanned", db, []graph.Option{graph.WithPlans(false)}}}
	// Every request of the mix once on Neo4j first, so that the first variant measured does not
	// pay for the server's warm-up (plans, JIT, page cache) and the second not.
	warm := httptest.NewServer(web.NewHandler(web.Options{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	for _, name := range bench.Names {
		for _, r := range mix[name] {
			post(b, warm, r.Body)
		}
	}
	warm.Close()
	for _, st := range stores {
		srv := httptest.NewServer(web.NewHandler(web.Options{Store: st.store, GraphQL: st.opts, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
		b.Cleanup(srv.Close)
		for _, name := range bench.Names {
			reqs := mix[name]
			b.Run(st.name+"/"+name, func(b *testing.B) {
				post(b, srv, reqs[0].Body) // a first request warms both sides
				var latencies []time.Duration
				before := db.Queries()
				start := time.Now()
				for i := 0; b.Loop(); i++ {
					t := time.Now()
					post(b, srv, reqs[i%len(reqs)].Body)
					latencies = append(latencies, time.Since(t))
				}
				elapsed := time.Since(start)
				slices.Sort(latencies)
				n := len(latencies)
				b.ReportMetric(float64(n)/elapsed.Seconds(), "req/s")
				b.ReportMetric(ms(latencies[n/2]), "p50-ms")
				b.ReportMetric(ms(latencies[min(n-1, n*99/100)]), "p99-ms")
				if st.store == kg.Store(db) {
					b.ReportMetric(float64(db.Queries()-before)/float64(n), "statements/req")
					if st.opts == nil {
						b.ReportMetric(float64(db.BatchWait().Microseconds()), "wait-µs")
					}
				}
			})
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// post sends one GraphQL request past the response cache and fails on anything but a 200
// without errors.
func post(b *testing.B, srv *httptest.Server, body []byte) {
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := srv.Client().Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Errors []json.RawMessage }
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		b.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || len(r.Errors) > 0 {
		b.Fatalf("status %d, errors %s", resp.StatusCode, r.Errors)
	}
}
