package neo4j_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/graph"
)

// TestStatementsPerRequest counts, on the wire, the Cypher statements (Bolt RUN messages) and the
// bytes from the server that each query of the load mix costs on a real Neo4j, with the planner
// and without it. With the planner, an entity page and the deep query are one statement each, a
// search and a neighbourhood of depth 2 two each, and no query costs more statements than
// without it; with or without, the statements of one request share one transaction. A request
// served by one statement (the planned entity page and deep query, a path) sends it as an
// auto-commit transaction, with no BEGIN before it nor COMMIT or ROLLBACK after: one round trip.
// The counts do not depend on the machine.
func TestStatementsPerRequest(t *testing.T) {
	MustOpenSeeded(t)
	cfg, p := proxied(t)
	cfg.QueryTimeout = envConfig(t).QueryTimeout // the first planning of a statement may take seconds
	s := mustOpenConfig(t, cfg)
	mix, err := bench.NewMix(mustDataset(t).Entities)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// A search reads its candidates, then the page's hits whole; a neighbourhood of depth 2 reads
	// a level a statement, the centre with the first.
	want := map[string]int{"EntityPage": 1, "Deep": 1, "Search": 2, "Neighborhood": 2}
	oneStatement := map[string]bool{"EntityPage": true, "Deep": true, "Path": true}
	var table strings.Builder
	fmt.Fprintf(&table, "%-13s %22s %22s\n", "query", "statements (off / on)", "server bytes (off / on)")
	for _, name := range bench.Names {
		reqs := mix[name]
		if len(reqs) > 10 {
			reqs = reqs[:10]
		}
		var counts [2]struct{ runs, begins, transactions, bytes, stored int64 }
		for i, on := range []bool{false, true} {
			h := graph.NewHandler(s, logger, graph.WithPlans(on))
			for _, r := range reqs {
				before, stored := p.counted(), s.Queries()
				if code, body := serve(h, r.Body); code != http.StatusOK || bytes.Contains(body, []byte(`"errors"`)) {
					t.Fatalf("%s (planner %v): status %d: %s", name, on, code, body)
				}
				after := p.counted()
				counts[i].runs += int64(after.runs - before.runs)
				counts[i].begins += int64(after.begins - before.begins)
				counts[i].transactions += int64(after.transactions() - before.transactions())
				counts[i].bytes += int64(after.serverBytes - before.serverBytes)
				counts[i].stored += s.Queries() - stored
			}
		}
		n := int64(len(reqs))
		off, on := counts[0], counts[1]
		fmt.Fprintf(&table, "%-13s %10.2f / %-10.2f %10d / %-10d\n", name,
			float64(off.runs)/float64(n), float64(on.runs)/float64(n), off.bytes/n, on.bytes/n)
		for i, c := range counts {
			if c.runs != c.stored {
				t.Errorf("%s: %d RUN messages on the wire, the store counted %d statements (planner %v)", name, c.runs, c.stored, i == 1)
			}
		}
		if w, ok := want[name]; ok && on.runs != int64(w)*n {
			t.Errorf("%s: %d statements for %d requests with the planner, want %d each", name, on.runs, n, w)
		}
		// The mix's neighbourhood reads ids, types and names of its nodes and the types and ends of
		// its relationships: the planner reads them alone, not whole nodes and relationships.
		if name == "Neighborhood" && on.bytes*4 > off.bytes {
			t.Errorf("Neighborhood: %d bytes from the server a request with the planner, %d without: want at most a quarter", on.bytes/n, off.bytes/n)
		}
		// The mix's path reads ids, types and names of its nodes and the types and quotes of its
		// relationships: the planner reads them alone, not the whole path.
		if name == "Path" && on.bytes*4 > off.bytes {
			t.Errorf("Path: %d bytes from the server a request with the planner, %d without: want at most a quarter", on.bytes/n, off.bytes/n)
		}
		if on.runs > off.runs {
			t.Errorf("%s: %d statements with the planner, %d without", name, on.runs, off.runs)
		}
		for i, c := range counts {
			if c.transactions != n {
				t.Errorf("%s: %d transactions for %d requests (planner %v), want one each", name, c.transactions, n, i == 1)
			}
		}
		if oneStatement[name] && on.begins != 0 {
			t.Errorf("%s: %d BEGIN messages for %d requests with the planner, want none (one auto-commit statement each)", name, on.begins, n)
		}
	}
	t.Logf("per request, over at most 10 requests of each query:\n%s", table.String())

	// A shape the planner leaves to the loaders: search, then the runs of each hit, then their
	// other ends if any, in the request's one transaction.
	body := []byte(`{"query": "{ search(text: \"police\", first: 5) { edges { node { id ... on Organization { runs { edges { node { id name } } } } } } } }"}`)
	h := graph.NewHandler(s, logger)
	before := p.counted()
	if code, answer := serve(h, body); code != http.StatusOK || bytes.Contains(answer, []byte(`"errors"`)) {
		t.Fatalf("status %d: %s", code, answer)
	}
	after := p.counted()
	if runs, begins := after.runs-before.runs, after.begins-before.begins; begins != 1 || after.transactions()-before.transactions() != 1 || runs < 2 {
		t.Errorf("search with typed connections below: %d statements in %d transactions, want at least 2 (the search, the runs of its hits) in 1", runs, begins)
	}

	// A plan of more connections than the store compiles into one statement is read level by
	// level, in one transaction.
	var fields strings.Builder
	for _, f := range []string{"parents", "units", "people", "presentations", "runs", "participatesIn", "partners", "targets", "seized", "places"} {
		fmt.Fprintf(&fields, " %s { totalCount edges { node { id name } } }", f)
	}
	body = fmt.Appendf(nil, `{"query": "{ entities(types: [ORGANIZATION], first: 5) { edges { node { id ... on Organization {%s } } } } }"}`, fields.String())
	before = p.counted()
	if code, answer := serve(h, body); code != http.StatusOK || bytes.Contains(answer, []byte(`"errors"`)) {
		t.Fatalf("status %d: %s", code, answer)
	}
	after = p.counted()
	if runs, begins := after.runs-before.runs, after.begins-before.begins; begins != 1 || after.transactions()-before.transactions() != 1 || runs != 12 {
		t.Errorf("a plan of 10 connections: %d statements in %d transactions, want 12 (the page, one per connection, the other ends) in 1", runs, begins)
	}
}

// serve posts body to h's /graphql and returns the status and the body of the answer.
func serve(h http.Handler, body []byte) (int, []byte) {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, w.Body.Bytes()
}
