package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
)

// TestSearchTyposAndSynonyms checks over HTTP that a word with a typo and a term of the synonym
// list find what the documentation says.
func TestSearchTyposAndSynonyms(t *testing.T) {
	srv := newServer(t, mustStore(t))
	cases := map[string]string{
		"Riverbnk":    "project-riverbank",
		"fentanil":    "fentanyl",
		"Indigenous":  "inuit-communities",
		"autochtones": "metis-and-non-status-indian-communities",
	}
	for text, want := range cases {
		var data struct {
			Search struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		mustData(t, post(t, srv, `query($t: String!) { search(text: $t, first: 20) { edges { node { id } } } }`, map[string]any{"t": text}), &data)
		var ids []string
		for _, e := range data.Search.Edges {
			ids = append(ids, e.Node.ID)
		}
		if !slices.Contains(ids, want) {
			t.Errorf("search(%q) = %v, want %s among them", text, ids, want)
		}
	}
}

func TestResolve(t *testing.T) {
	srv := newServer(t, mustStore(t))
	cases := map[string]*string{
		"cbsa":     ptr("canada-border-services-agency"),
		"ASFC":     ptr("canada-border-services-agency"),
		"GRC":      ptr("royal-canadian-mounted-police"),
		"J-CODE":   ptr("j-code"),
		"atlantis": nil,
	}
	for ref, want := range cases {
		var data struct {
			Resolve *struct {
				ID   string
				Name string
			}
		}
		mustData(t, post(t, srv, `query($r: String!) { resolve(ref: $r) { id name } }`, map[string]any{"r": ref}), &data)
		switch {
		case want == nil && data.Resolve != nil:
			t.Errorf("resolve(%q) = %s, want null", ref, data.Resolve.ID)
		case want != nil && (data.Resolve == nil || data.Resolve.ID != *want || data.Resolve.Name == ""):
			t.Errorf("resolve(%q) = %+v, want %s", ref, data.Resolve, *want)
		}
	}
	if r := post(t, srv, `{ resolve(ref: " ") { id } }`, nil); r.code() != graph.CodeBadUserInput {
		t.Errorf("resolve of a blank ref: code %q, want %s", r.code(), graph.CodeBadUserInput)
	}
}

func TestResolveAmbiguousIsBadInput(t *testing.T) {
	s, err := memory.New([]kg.Entity{
		{ID: "correctional-service-canada", Type: kg.Organization, Name: kg.Text{EN: "Correctional Service Canada"}, Aliases: []string{"CSC"}},
		{ID: "canadian-space-agency", Type: kg.Organization, Name: kg.Text{EN: "Canadian Space Agency"}, Aliases: []string{"Csc"}},
	}, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	r := post(t, newServer(t, s), `{ resolve(ref: "csc") { id } }`, nil)
	if r.code() != graph.CodeBadUserInput || len(r.Errors) == 0 ||
		!strings.Contains(r.Errors[0].Message, "correctional-service-canada") || !strings.Contains(r.Errors[0].Message, "canadian-space-agency") {
		t.Errorf("resolve of an ambiguous ref: code %q, errors %+v; want %s listing both ids", r.code(), r.Errors, graph.CodeBadUserInput)
	}
}

func ptr(s string) *string { return &s }

// TestSessionsByNumber checks that sessions listed by default come by number: the opening, the
// plenaries, the conclusion; a page of the list is a window of that order.
func TestSessionsByNumber(t *testing.T) {
	srv := newServer(t, mustStore(t))
	want := []string{"winnipeg-2019-opening", "winnipeg-2019-plenary-1", "winnipeg-2019-plenary-2", "winnipeg-2019-plenary-3",
		"winnipeg-2019-plenary-4", "winnipeg-2019-plenary-5", "winnipeg-2019-plenary-6", "winnipeg-2019-plenary-7", "winnipeg-2019-conclusion"}
	type edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
	ids := func(es edges) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Node.ID)
		}
		return out
	}
	var data struct {
		Entity struct {
			Sessions struct {
				TotalCount int
				Edges      edges
			}
		}
		Entities struct{ Edges edges }
	}
	mustData(t, post(t, srv, `{
		entity(id: "roundtable-2019-winnipeg") { ... on Event { sessions(first: 20) { totalCount edges { cursor node { id } } } } }
		entities(types: [SESSION]) { edges { node { id } } } }`, nil), &data)
	if got := ids(data.Entity.Sessions.Edges); !slices.Equal(got, want) || data.Entity.Sessions.TotalCount != len(want) {
		t.Fatalf("event sessions %v (total %d), want %v", got, data.Entity.Sessions.TotalCount, want)
	}
	if got := ids(data.Entities.Edges); !slices.Equal(got, want) {
		t.Errorf("entities(types: [SESSION]) %v, want %v", got, want)
	}
	var later struct {
		Entity struct{ Sessions struct{ Edges edges } }
	}
	mustData(t, post(t, srv, `query($after: String) { entity(id: "roundtable-2019-winnipeg") { ... on Event { sessions(first: 2, after: $after) { edges { node { id } } } } } }`,
		map[string]any{"after": data.Entity.Sessions.Edges[6].Cursor}), &later)
	if got := ids(later.Entity.Sessions.Edges); !slices.Equal(got, want[7:9]) {
		t.Errorf("event sessions after the 7th: %v, want %v", got, want[7:9])
	}
}

// TestDegreeWithoutTypes checks degree, relationshipCounts and the degree order leaving
// relationship types out.
func TestDegreeWithoutTypes(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var data struct {
		Entity struct {
			All, Without int
			Counts       []struct{ Type string }
		}
		Entities struct {
			Edges []struct {
				Node struct {
					ID     string
					Degree int
				}
			}
		}
	}
	mustData(t, post(t, srv, `{
		entity(id: "royal-canadian-mounted-police") {
			all: degree without: degree(excludeTypes: ["PRESENTED_AT", "DISCUSSED_IN"])
			counts: relationshipCounts(excludeTypes: ["PRESENTED_AT", "DISCUSSED_IN"]) { type } }
		entities(types: [ORGANIZATION], first: 10, orderBy: {field: DEGREE, descending: true, excludeRelationshipTypes: ["PRESENTED_AT", "DISCUSSED_IN", "ABOUT", "REPORTS_ON"]}) {
			edges { node { id degree(excludeTypes: ["PRESENTED_AT", "DISCUSSED_IN", "ABOUT", "REPORTS_ON"]) } } } }`, nil), &data)
	if data.Entity.Without >= data.Entity.All || data.Entity.Without == 0 {
		t.Errorf("RCMP degree %d, without presentations and discussions %d", data.Entity.All, data.Entity.Without)
	}
	for _, c := range data.Entity.Counts {
		if c.Type == "PRESENTED_AT" || c.Type == "DISCUSSED_IN" {
			t.Errorf("relationshipCounts(excludeTypes) counts %s", c.Type)
		}
	}
	edges := data.Entities.Edges
	for i := 1; i < len(edges); i++ {
		if edges[i].Node.Degree > edges[i-1].Node.Degree {
			t.Errorf("by degree without provenance: %s (%d) after %s (%d)", edges[i].Node.ID, edges[i].Node.Degree, edges[i-1].Node.ID, edges[i-1].Node.Degree)
		}
	}
	if len(edges) != 10 {
		t.Errorf("%d organizations, want 10", len(edges))
	}
	for _, q := range []string{
		`{ entity(id: "winnipeg") { degree(excludeTypes: ["LIKES"]) } }`,
		`{ entity(id: "winnipeg") { relationshipCounts(excludeTypes: ["LIKES"]) { count } } }`,
		`{ entities(orderBy: {field: DEGREE, excludeRelationshipTypes: ["LIKES"]}) { totalCount } }`,
	} {
		if r := post(t, srv, q, nil); r.code() != graph.CodeBadUserInput {
			t.Errorf("%s: code %q, want %s", q, r.code(), graph.CodeBadUserInput)
		}
	}
}

// TestPlannedSessionsByNumber checks that the session lists of a planned request (its nested
// connections read in one go) come by number too, with and without the planner.
func TestPlannedSessionsByNumber(t *testing.T) {
	store := mustStore(t)
	for _, on := range []bool{false, true} {
		srv := newServerWith(t, store, graph.WithPlans(on))
		var data struct {
			Entities struct {
				Edges []struct {
					Node struct {
						ID          string
						DiscussedIn struct {
							Edges []struct {
								Node struct {
									ID     string
									Number *int
								}
							}
						}
					}
				}
			}
		}
		mustData(t, post(t, srv, `{ entities(types: [SUBSTANCE, PLACE], first: 100) { edges { node { id
			... on Substance { discussedIn { edges { node { id ... on Session { number } } } } }
			... on Place { discussedIn { edges { node { id ... on Session { number } } } } } } } } }`, nil), &data)
		lists := 0
		for _, e := range data.Entities.Edges {
			var keys []int
			for _, s := range e.Node.DiscussedIn.Edges {
				k := kg.NumberLast
				switch {
				case s.Node.Number != nil && *s.Node.Number > 0:
					k = *s.Node.Number
				case strings.HasSuffix(s.Node.ID, "-opening"):
					k = 0
				}
				keys = append(keys, k)
			}
			if !slices.IsSorted(keys) {
				t.Errorf("planner %v: %s presented in %v, not by number", on, e.Node.ID, e.Node.DiscussedIn.Edges)
			}
			if len(keys) > 1 && keys[len(keys)-1] == kg.NumberLast {
				lists++ // a list with the conclusion last, where id order puts it first
			}
		}
		if lists < 2 {
			t.Errorf("planner %v: only %d substances and places discussed in the conclusion and another session", on, lists)
		}
	}
}

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
