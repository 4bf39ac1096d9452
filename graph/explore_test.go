package graph_test

import (
	"testing"

	"github.com/drugwatch/roundtable-kg/graph/model"
)

func TestSearchFiltersAndFacets(t *testing.T) {
	srv := newServer(t, mustStore(t))
	type counts struct {
		Types []struct {
			Type  string
			Count int
		}
		Categories []struct {
			Type, Category string
			Count          int
		}
	}
	var data struct {
		All struct {
			TotalCount int
			Facets     counts
			Edges      []struct{ Node struct{ ID, Type string } }
		}
		NoFacts struct {
			TotalCount int
			Facets     counts
			Edges      []struct{ Node struct{ ID, Type string } }
		}
		Facets counts
	}
	mustData(t, post(t, srv, `{
		all: search(text: "methamphetamine", first: 100) { totalCount facets { types { type count } categories { type category count } } edges { node { id type } } }
		noFacts: search(text: "methamphetamine", excludeTypes: [FACT], first: 100) { totalCount facets { types { type count } } edges { node { id type } } }
		facets { types { type count } categories { type category count } }
	}`, nil), &data)
	facts := 0
	for _, e := range data.All.Edges {
		if e.Node.Type == "FACT" {
			facts++
		}
	}
	if facts == 0 || data.NoFacts.TotalCount != data.All.TotalCount-facts {
		t.Errorf("excludeTypes: [FACT] kept %d of %d hits, %d of them figures", data.NoFacts.TotalCount, data.All.TotalCount, facts)
	}
	for _, e := range data.NoFacts.Edges {
		if e.Node.Type == "FACT" {
			t.Errorf("excluded figure %s returned", e.Node.ID)
		}
	}
	sum := 0
	for _, tc := range data.All.Facets.Types {
		sum += tc.Count
		if tc.Type == "FACT" && tc.Count != facts {
			t.Errorf("facet FACT = %d, want %d", tc.Count, facts)
		}
	}
	if sum != data.All.TotalCount || len(data.NoFacts.Facets.Types) != len(data.All.Facets.Types) {
		t.Errorf("search facets sum to %d of %d hits; with excludeTypes %d types, without %d", sum, data.All.TotalCount, len(data.NoFacts.Facets.Types), len(data.All.Facets.Types))
	}
	want := map[string]int{}
	for _, e := range ds.Entities {
		want[string(model.GQLType(e.Type))]++
	}
	for _, tc := range data.Facets.Types {
		if want[tc.Type] != tc.Count {
			t.Errorf("graph facet %s = %d, want %d", tc.Type, tc.Count, want[tc.Type])
		}
		delete(want, tc.Type)
	}
	if len(want) != 0 || len(data.Facets.Categories) < 10 {
		t.Errorf("graph facets miss types %v or have few categories (%d)", want, len(data.Facets.Categories))
	}
	r := post(t, srv, `{ search(text: "meth", excludeTypes: [NOPE]) { totalCount } }`, nil)
	if len(r.Errors) == 0 {
		t.Error("unknown excluded type accepted")
	}
}
