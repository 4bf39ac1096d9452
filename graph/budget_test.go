package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg/kgtest"
	"github.com/drugwatch/roundtable-kg/memory"
)

// pathsAliases is n aliases of a path search between two plenary sessions, the search that
// reaches farthest in the seed graph.
func pathsAliases(n int) string {
	return "{ " + repeat(`a%d: paths(from: "winnipeg-2019-plenary-2", to: "winnipeg-2019-plenary-1", maxHops: 6, first: 10) { length } `, n) + "}"
}

// TestCostlyFieldsCostTheirWork checks that the work a field may do counts in the cost before it
// runs: ten path searches fit the default cost limit, thirty are refused before any runs.
func TestCostlyFieldsCostTheirWork(t *testing.T) {
	srv := newServer(t, mustStore(t))
	if r := post(t, srv, pathsAliases(9), nil); len(r.Errors) > 0 {
		t.Errorf("nine path searches: errors %+v", r.Errors)
	}
	if r := post(t, srv, `{ __schema { types { name fields { name } } } }`, nil); len(r.Errors) > 0 {
		t.Errorf("the schema: errors %+v", r.Errors)
	}
	r := post(t, srv, pathsAliases(30), nil)
	if r.code() != graph.CodeQueryTooComplex || len(r.Data) != 0 {
		t.Fatalf("thirty path searches: code %q, data %s; want %s and no data", r.code(), r.Data, graph.CodeQueryTooComplex)
	}
	if !strings.Contains(r.Errors[0].Message, "paths") {
		t.Errorf("message %q does not name the costly fields", r.Errors[0].Message)
	}
	for name, q := range map[string]string{
		"Neighborhood":  `{ ` + repeat(`a%d: neighborhood(id: "royal-canadian-mounted-police", depth: 3, limit: 500) { nodes { id name evidence { quote } } } `, 30) + `}`,
		"Connections":   `{ ` + repeat(`a%d: connections(ids: ["royal-canadian-mounted-police", "fentanyl"], maxHops: 6) { truncated } `, 30) + `}`,
		"Introspection": `{ ` + repeat(`a%d: __schema { types { name fields { name } } } `, 30) + `}`,
		"Path":          `{ ` + repeat(`a%d: path(from: "royal-canadian-mounted-police", to: "fentanyl", maxHops: 6) { length } `, 30) + `}`,
	} {
		if r := post(t, srv, q, nil); r.code() != graph.CodeQueryTooComplex {
			t.Errorf("%s: thirty aliases answered with code %q, want %s", name, r.code(), graph.CodeQueryTooComplex)
		}
	}
}

// TestOverBudgetIsPartial checks that a search stopped by its budget answers what it found with
// a QUERY_TOO_COMPLEX error, rather than nothing or a crawl.
func TestOverBudgetIsPartial(t *testing.T) {
	ents, rels := kgtest.Trap(40)
	store, err := memory.New(ents, rels, "trap")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, store)
	r := post(t, srv, `{ paths(from: "from", to: "to", maxHops: 6, first: 10) { length } dataVersion }`, nil)
	var data struct {
		Paths       []struct{ Length int }
		DataVersion string
	}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		t.Fatalf("decode data %s: %v", r.Data, err)
	}
	if r.code() != graph.CodeQueryTooComplex || data.Paths == nil || data.DataVersion != "trap" {
		t.Errorf("code %q, data %+v; want %s beside the paths found and the other fields", r.code(), data, graph.CodeQueryTooComplex)
	}
}
