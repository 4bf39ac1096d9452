package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph/model"
)

func TestSearchFiltersAndFacets(t *testing.T) {
	ds := mustDataset(t)
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

func TestPathsConnectionsAndCounts(t *testing.T) {
	ds := mustDataset(t)
	srv := newServer(t, mustStore(t))
	type hop struct {
		From, To     struct{ ID, Type string }
		Relationship struct{ Type string }
		Direction    string
		Evidence     []struct{ Quote string }
		Detour       bool
	}
	var data struct {
		Paths []struct {
			Length  int
			Detours int
			Nodes   []struct{ ID string }
			Hops    []hop
		}
		Shortest []struct {
			Length  int
			Detours int
		}
		Connections struct {
			Nodes         []struct{ ID string }
			Relationships []struct{ Type string }
		}
		Entity struct {
			Degree             int
			RelationshipCounts []struct {
				Type      string
				Direction string
				Count     int
			}
		}
		Entities struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	mustData(t, post(t, srv, `{
		paths(from: "j-code", to: "project-riverbank", first: 3) {
			length detours nodes { id }
			hops { from { id type } to { id type } relationship { type } direction evidence { quote } detour }
		}
		shortest: paths(from: "j-code", to: "project-riverbank", first: 1, anyLink: true) { length detours }
		connections(ids: ["canada-border-services-agency", "fentanyl", "hells-angels"]) { nodes { id } relationships { type } }
		entity(id: "j-code") { degree relationshipCounts { type direction count } }
		entities(types: [SUBSTANCE], orderBy: {field: DEGREE, descending: true}, first: 1) { edges { node { id } } }
	}`, nil), &data)
	if len(data.Paths) != 3 {
		t.Fatalf("%d paths, want 3", len(data.Paths))
	}
	for _, p := range data.Paths {
		if p.Detours != 0 || len(p.Hops) != p.Length {
			t.Errorf("path %v: %d detours, %d hops for length %d", p.Nodes, p.Detours, len(p.Hops), p.Length)
		}
		for i, h := range p.Hops {
			if h.From.ID != p.Nodes[i].ID || h.To.ID != p.Nodes[i+1].ID || len(h.Evidence) == 0 || h.Detour || h.To.Type == "SESSION" || h.To.Type == "EVENT" {
				t.Errorf("path %v hop %d: %+v", p.Nodes, i, h)
			}
		}
	}
	if len(data.Shortest) != 1 || data.Shortest[0].Length > data.Paths[0].Length {
		t.Errorf("anyLink shortest %+v, explained path of %d", data.Shortest, data.Paths[0].Length)
	}
	if len(data.Connections.Nodes) < 3 || len(data.Connections.Relationships) != len(data.Connections.Nodes)-1 {
		t.Errorf("connections: %+v", data.Connections)
	}
	degree, sum := 0, 0
	for _, r := range ds.Relationships {
		if r.From == "j-code" || r.To == "j-code" {
			degree++
		}
	}
	for _, c := range data.Entity.RelationshipCounts {
		sum += c.Count
	}
	if data.Entity.Degree != degree || sum != degree || len(data.Entity.RelationshipCounts) < 2 {
		t.Errorf("j-code degree %d, counts %+v; want %d", data.Entity.Degree, data.Entity.RelationshipCounts, degree)
	}
	degrees := map[string]int{}
	for _, r := range ds.Relationships {
		degrees[r.From]++
		degrees[r.To]++
	}
	top := ""
	for _, e := range ds.Entities {
		if e.Type == "Substance" && (top == "" || degrees[e.ID] > degrees[top] || degrees[e.ID] == degrees[top] && e.ID < top) {
			top = e.ID
		}
	}
	if len(data.Entities.Edges) != 1 || data.Entities.Edges[0].Node.ID != top {
		t.Errorf("substance of highest degree: %+v, want %s", data.Entities.Edges, top)
	}
	for _, q := range []string{
		`{ paths(from: "j-code", to: "fentanyl", maxHops: 7) { length } }`,
		`{ paths(from: "j-code", to: "fentanyl", first: 11) { length } }`,
		`{ paths(from: "j-code", to: "fentanyl", excludeRelationshipTypes: ["NOPE"]) { length } }`,
		`{ connections(ids: []) { nodes { id } } }`,
	} {
		if r := post(t, srv, q, nil); r.code() != "BAD_USER_INPUT" {
			t.Errorf("%s: errors %+v, want BAD_USER_INPUT", q, r.Errors)
		}
	}
	if r := post(t, srv, `{ paths(from: "j-code", to: "nope") { length } }`, nil); r.code() != "NOT_FOUND" {
		t.Errorf("unknown end: errors %+v, want NOT_FOUND", r.Errors)
	}
}

func TestFactsQuery(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var data struct {
		Facts struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID    string
					Unit  string
					Value float64
					About struct {
						Edges []struct{ Node struct{ ID string } }
					}
				}
			}
		}
		Narrow  struct{ TotalCount int }
		Amounts struct {
			TotalCount int
			Edges      []struct{ Node struct{ Kind string } }
		}
	}
	mustData(t, post(t, srv, `{
		facts(about: ["opioids"], includeNarrower: true, units: ["percent", "deaths", "kilograms", "samples"], orderBy: {field: NAME, descending: true}, first: 100) {
			totalCount edges { node { id ... on Fact { unit value about { edges { node { id } } } } } }
		}
		amounts: facts(kinds: [AMOUNT, MONEY], first: 100) { totalCount edges { node { ... on Fact { kind } } } }
		narrow: facts(about: ["opioids"]) { totalCount }
	}`, nil), &data)
	if data.Facts.TotalCount != len(data.Facts.Edges) || data.Facts.TotalCount == 0 {
		t.Fatalf("%d figures, total %d", len(data.Facts.Edges), data.Facts.TotalCount)
	}
	for _, e := range data.Facts.Edges {
		switch e.Node.Unit {
		case "percent", "deaths", "kilograms", "samples":
		default:
			t.Errorf("figure %s in %s", e.Node.ID, e.Node.Unit)
		}
	}
	if data.Amounts.TotalCount == 0 || data.Amounts.TotalCount != len(data.Amounts.Edges) {
		t.Errorf("figures of kind AMOUNT or MONEY: %d of %d", len(data.Amounts.Edges), data.Amounts.TotalCount)
	}
	for _, e := range data.Amounts.Edges {
		if e.Node.Kind != "AMOUNT" && e.Node.Kind != "MONEY" {
			t.Errorf("figure of kind %s among AMOUNT and MONEY", e.Node.Kind)
		}
	}
	if r := post(t, srv, `{ facts(orderBy: {field: NUMBER}) { totalCount } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Errorf("facts by number: errors %+v, want BAD_USER_INPUT", r.Errors)
	}
}

// Figures are ordered by value within one unit: figures of several units are refused, unless a
// filter keeps one unit.
func TestFactsByValueWithinOneUnit(t *testing.T) {
	srv := newServer(t, mustStore(t))
	r := post(t, srv, `{ facts(about: ["opioids"], includeNarrower: true, orderBy: {field: VALUE}) { totalCount } }`, nil)
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(fmt.Sprint(r.Errors), "units") {
		t.Errorf("figures of several units by value: errors %+v, want BAD_USER_INPUT naming the units", r.Errors)
	}
	var data struct {
		Facts struct {
			Edges []struct {
				Node struct {
					Unit      string
					Value     float64
					Qualifier string
				}
			}
		}
	}
	mustData(t, post(t, srv, `{ facts(where: {unit: {eq: "percent"}}, qualifiers: [EXACT, MORE_THAN], orderBy: {field: VALUE, descending: true}, first: 100) {
		edges { node { ... on Fact { unit value qualifier } } } } }`, nil), &data)
	if len(data.Facts.Edges) < 2 {
		t.Fatalf("%d figures in percent", len(data.Facts.Edges))
	}
	for i, e := range data.Facts.Edges {
		if e.Node.Unit != "percent" || e.Node.Qualifier != "EXACT" && e.Node.Qualifier != "MORE_THAN" {
			t.Errorf("figure in %s, %s", e.Node.Unit, e.Node.Qualifier)
		}
		if i > 0 && e.Node.Value > data.Facts.Edges[i-1].Node.Value {
			t.Errorf("figures not by value, descending, at %d", i)
		}
	}
}
