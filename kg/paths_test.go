package kg_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
)

// tiny is a graph small enough to know its paths by heart:
//
//	a -RUNS-> x -TARGETS-> b        (2 hops, states something)
//	a -DISCUSSED_IN-> s <-DISCUSSED_IN- b   (2 hops through a session)
//	a -PARTNERS_WITH-> y -PARTNERS_WITH-> z -TARGETS-> b   (3 hops)
type tiny struct {
	ents map[string]kg.Entity
	rels []kg.Relationship
}

func newTiny() tiny {
	t := tiny{ents: map[string]kg.Entity{}}
	for id, typ := range map[string]kg.EntityType{"a": kg.Organization, "b": kg.Substance, "x": kg.Initiative, "y": kg.Organization, "z": kg.Organization, "s": kg.Session} {
		t.ents[id] = kg.Entity{ID: id, Type: typ}
	}
	add := func(typ kg.RelationshipType, from, to string) {
		t.rels = append(t.rels, kg.Relationship{Type: typ, From: from, To: to})
	}
	add("RUNS", "a", "x")
	add("TARGETS", "x", "b")
	add("DISCUSSED_IN", "a", "s")
	add("DISCUSSED_IN", "b", "s")
	add("PARTNERS_WITH", "a", "y")
	add("PARTNERS_WITH", "y", "z")
	add("TARGETS", "z", "b")
	return t
}

func (t tiny) adjacency(ctx context.Context, ids []string, types []kg.RelationshipType) (map[string][]kg.Neighbor, error) {
	out := map[string][]kg.Neighbor{}
	for _, id := range ids {
		for _, r := range t.rels {
			if len(types) > 0 && !slices.Contains(types, r.Type) {
				continue
			}
			if r.From == id {
				out[id] = append(out[id], kg.Neighbor{Rel: r, Other: t.ents[r.To]})
			} else if r.To == id {
				out[id] = append(out[id], kg.Neighbor{Rel: r, Other: t.ents[r.From]})
			}
		}
	}
	return out, nil
}

func nodeIDs(ps []kg.Path) [][]string {
	var out [][]string
	for _, p := range ps {
		var ids []string
		for _, n := range p.Nodes {
			ids = append(ids, n.ID)
		}
		out = append(out, ids)
	}
	return out
}

func TestFindPaths(t *testing.T) {
	g := newTiny()
	tests := map[string]struct {
		q    kg.PathsQuery
		want [][]string
	}{
		"StatementsFirst": {kg.PathsQuery{MaxHops: 4, First: 3}, [][]string{{"a", "x", "b"}, {"a", "y", "z", "b"}, {"a", "s", "b"}}},
		"AnyLink":         {kg.PathsQuery{MaxHops: 4, First: 3, AnyLink: true}, [][]string{{"a", "s", "b"}, {"a", "x", "b"}, {"a", "y", "z", "b"}}},
		"MaxHops":         {kg.PathsQuery{MaxHops: 2, First: 3}, [][]string{{"a", "x", "b"}, {"a", "s", "b"}}},
		"First":           {kg.PathsQuery{MaxHops: 4, First: 1}, [][]string{{"a", "x", "b"}}},
		"Exclude":         {kg.PathsQuery{MaxHops: 4, First: 3, ExcludeTypes: []kg.RelationshipType{"RUNS", "DISCUSSED_IN"}}, [][]string{{"a", "y", "z", "b"}}},
		"Types":           {kg.PathsQuery{MaxHops: 4, First: 3, Types: []kg.RelationshipType{"DISCUSSED_IN"}}, [][]string{{"a", "s", "b"}}},
		"None":            {kg.PathsQuery{MaxHops: 4, First: 3, Types: []kg.RelationshipType{"FUNDS"}}, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := kg.FindPaths(context.Background(), g.ents["a"], g.ents["b"], tc.q, g.adjacency)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, nodeIDs(got)); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := kg.FindPaths(context.Background(), g.ents["a"], g.ents["b"], kg.PathsQuery{MaxHops: 7, First: 1}, g.adjacency); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("maxHops 7: %v, want ErrInvalid", err)
	}
}

func TestConnect(t *testing.T) {
	g := newTiny()
	sub, err := kg.Connect(context.Background(), []kg.Entity{g.ents["y"], g.ents["x"], g.ents["b"]}, kg.PathsQuery{MaxHops: 4}, g.adjacency)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range sub.Nodes {
		ids = append(ids, n.ID)
	}
	// y to x: y-a-x (2 hops); then b joins x directly.
	if diff := cmp.Diff([]string{"y", "a", "x", "b"}, ids); diff != "" || len(sub.Relationships) != 3 {
		t.Errorf("nodes (-want +got):\n%s\nrelationships %v", diff, sub.Relationships)
	}
}
