package kg_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
)

func TestResolveAmbiguous(t *testing.T) {
	s, err := memory.New([]kg.Entity{
		{ID: "correctional-service-canada", Type: kg.Organization, Name: kg.Text{EN: "Correctional Service Canada"}, Aliases: []string{"CSC"}},
		{ID: "canadian-space-agency", Type: kg.Organization, Name: kg.Text{EN: "Canadian Space Agency"}, Aliases: []string{"Csc"}},
		{ID: "csc", Type: kg.Organization, Name: kg.Text{EN: "Something else"}},
		{ID: "asc", Type: kg.Organization, Name: kg.Text{EN: "ASC"}},
		{ID: "agence-spatiale", Type: kg.Organization, Name: kg.Text{FR: "Agence spatiale"}, Aliases: []string{"ASC"}},
	}, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// The id as written wins.
	if e, err := kg.Resolve(ctx, s, "csc"); err != nil || e == nil || e.ID != "csc" {
		t.Errorf("Resolve(csc) = %v, %v; want the entity of that id", e, err)
	}
	// Otherwise every entity the ref names is a candidate.
	for ref, ids := range map[string][]string{
		"CSC": {"correctional-service-canada", "canadian-space-agency", "csc"},
		"ASC": {"asc", "agence-spatiale"},
	} {
		e, err := kg.Resolve(ctx, s, ref)
		if !errors.Is(err, kg.ErrInvalid) || e != nil {
			t.Errorf("Resolve(%q) = %v, %v; want ErrInvalid", ref, e, err)
			continue
		}
		for _, id := range ids {
			if !strings.Contains(err.Error(), id) {
				t.Errorf("Resolve(%q): %v does not list %s", ref, err, id)
			}
		}
	}
}
