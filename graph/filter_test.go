package graph_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// usTargetsNested asks which substances initiatives that United States agencies run or take part
// in target, as a client would without filters: from the country, through the places in it, to
// the organizations there, their initiatives and what those target, with no page size given.
const usTargetsNested = `{
  entity(id: "united-states") {
    ... on Place {
      organizations { ...Agency }
      contains { edges { node { ... on Place { organizations { ...Agency } } } } }
    }
  }
}
fragment Agency on EntityConnection {
  edges { node { ... on Organization {
    runs { edges { node { ... on Initiative { targets { edges { node { id type } } } } } } }
    participatesIn { edges { node { ... on Initiative { targets { edges { node { id type } } } } } } }
  } } }
}`

// usTargetsFiltered asks the same with one filter.
const usTargetsFiltered = `{
  entities(where: {type: {eq: SUBSTANCE}, relationships: [{types: ["TARGETS"], direction: INCOMING, some: {
    relationships: [{types: ["RUNS", "PARTICIPATES_IN"], direction: INCOMING, some: {country: {eq: "united-states"}}}]
  }}]}, first: 100) {
    edges { node { id } }
  }
}`

// collectIDs returns the ids of every object of raw JSON whose type is typ.
func collectIDs(v any, typ string, into map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		if v["type"] == typ {
			into[v["id"].(string)] = true
		}
		for _, x := range v {
			collectIDs(x, typ, into)
		}
	case []any:
		for _, x := range v {
			collectIDs(x, typ, into)
		}
	}
}

// The natural nested query of a question of four hops, written without page sizes, fits the
// default limits (depth and cost), and the filter answers it alike in one list.
func TestNestedQuestionFitsTheDefaultLimits(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var nested any
	mustData(t, post(t, srv, usTargetsNested, nil), &nested)
	walked := map[string]bool{}
	collectIDs(nested, "SUBSTANCE", walked)
	var filtered struct {
		Entities struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	mustData(t, post(t, srv, usTargetsFiltered, nil), &filtered)
	var got, want []string
	for _, e := range filtered.Entities.Edges {
		got = append(got, e.Node.ID)
	}
	for id := range walked {
		want = append(want, id)
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("filtered: %v; walked: %v", got, want)
	}
}

// Which organizations presented in more than one session, themselves or through their people:
// one filter gives what a client would count by hand over every organization.
func TestPresentedTwice(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var all struct {
		Entities struct {
			Edges []struct {
				Node struct {
					ID            string
					Presentations struct {
						Edges []struct{ Node struct{ ID string } }
					}
					People struct {
						Edges []struct {
							Node struct {
								Presentations struct {
									Edges []struct{ Node struct{ ID string } }
								}
							}
						}
					}
				}
			}
		}
	}
	mustData(t, post(t, srv, `{ entities(types: [ORGANIZATION], first: 100) { edges { node { id ... on Organization {
		presentations { edges { node { id } } }
		people { edges { node { ... on Person { presentations { edges { node { id } } } } } } } } } } } }`, nil), &all)
	var want []string
	for _, e := range all.Entities.Edges {
		twice := len(e.Node.Presentations.Edges) > 1
		for _, p := range e.Node.People.Edges {
			twice = twice || len(p.Node.Presentations.Edges) > 1
		}
		if twice {
			want = append(want, e.Node.ID)
		}
	}
	var filtered struct {
		Entities struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	mustData(t, post(t, srv, `{ entities(where: {type: {eq: ORGANIZATION}, OR: [
		{relationshipCount: [{types: ["PRESENTED_AT"], direction: OUTGOING, gt: 1}]},
		{relationships: [{types: ["AFFILIATED_WITH"], direction: INCOMING, some: {relationshipCount: [{types: ["PRESENTED_AT"], direction: OUTGOING, gt: 1}]}}]}
	]}, first: 100) { edges { node { id } } } }`, nil), &filtered)
	var got []string
	for _, e := range filtered.Entities.Edges {
		got = append(got, e.Node.ID)
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("filtered: %v; counted: %v", got, want)
	}
}

// Filters past their bounds, or that say nothing, are refused with a code; a filter is charged
// in the cost, once per entity of the page it hangs off.
func TestFilterErrors(t *testing.T) {
	srv := newServer(t, mustStore(t))
	many := strings.Repeat(`{name: {contains: "a"}}, `, 30)
	for name, tt := range map[string]struct{ query, code string }{
		"TooDeep":       {`{ entities(where: {relationships: [{some: {relationships: [{some: {relationships: [{some: {relationships: [{some: {}}]}}]}}]}}]}) { totalCount } }`, "QUERY_TOO_COMPLEX"},
		"TooMany":       {`{ entities(where: {OR: [` + many + `]}) { totalCount } }`, "QUERY_TOO_COMPLEX"},
		"NoQuantifier":  {`{ entities(where: {relationships: [{types: ["RUNS"]}]}) { totalCount } }`, "BAD_USER_INPUT"},
		"NoOperator":    {`{ entities(where: {relationshipCount: [{types: ["RUNS"]}]}) { totalCount } }`, "BAD_USER_INPUT"},
		"UnknownType":   {`{ entities(where: {relationships: [{types: ["RUN"], some: {}}]}) { totalCount } }`, "BAD_USER_INPUT"},
		"TypedConn":     {`{ entity(id: "j-code") { ... on Initiative { targets(where: {relationships: [{types: ["NOPE"], some: {}}]}) { totalCount } } } }`, "BAD_USER_INPUT"},
		"CostOfFilters": {`{ entities(first: 100) { edges { node { ... on Organization { runs(where: {relationships: [{some: {relationships: [{some: {OR: [` + strings.Repeat(`{relationshipCount: [{gt: 1}]}, `, 6) + `]}}]}}]}) { totalCount } } } } } }`, "QUERY_TOO_COMPLEX"},
	} {
		t.Run(name, func(t *testing.T) {
			r := post(t, srv, tt.query, nil)
			if r.code() != tt.code {
				b, _ := json.Marshal(r.Errors)
				t.Errorf("errors %s, want %s", b, tt.code)
			}
		})
	}
}
