package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
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
