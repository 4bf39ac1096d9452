package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
)

// adjacency answers kg.AdjacencyFunc from the dataset directly.
func (x *expect) adjacency(ctx context.Context, ids []string, types []kg.RelationshipType) (map[string][]kg.Neighbor, error) {
	out := map[string][]kg.Neighbor{}
	for _, id := range ids {
		for _, r := range x.rels(id, kg.RelQuery{Types: types}) {
			other := r.To
			if r.From != id {
				other = r.From
			}
			out[id] = append(out[id], kg.Neighbor{Rel: r, Other: x.byID[other]})
		}
	}
	return out, ctx.Err()
}

// pathKey is a path as the ids of its nodes and the types of its relationships.
func pathKey(p kg.Path) []string {
	var k []string
	for i, n := range p.Nodes {
		k = append(k, n.ID)
		if i < len(p.Relationships) {
			k = append(k, string(p.Relationships[i].Type))
		}
	}
	return k
}

func pathKeys(ps []kg.Path) [][]string {
	out := [][]string{}
	for _, p := range ps {
		out = append(out, pathKey(p))
	}
	return out
}

// detours counts the provenance relationships and the hubs a path goes through.
func detours(p kg.Path) int {
	n := 0
	for _, r := range p.Relationships {
		if slices.Contains(kg.ProvenanceTypes, r.Type) {
			n++
		}
	}
	for i := 1; i+1 < len(p.Nodes); i++ {
		if kg.IsHub(p.Nodes[i].Type) {
			n++
		}
	}
	return n
}

// checkPath fails unless p is a simple chain of relationships of the dataset from from to to, of
// at most q.MaxHops, following only the types q allows.
func (x *expect) checkPath(t *testing.T, p kg.Path, from, to string, q kg.PathsQuery) {
	t.Helper()
	if len(p.Nodes) != len(p.Relationships)+1 || p.Nodes[0].ID != from || p.Nodes[len(p.Nodes)-1].ID != to || len(p.Relationships) > q.MaxHops {
		t.Errorf("path %v: want %s to %s in at most %d hops", pathKey(p), from, to, q.MaxHops)
		return
	}
	seen := map[string]bool{}
	for i, n := range p.Nodes {
		if seen[n.ID] {
			t.Errorf("path %v visits %s twice", pathKey(p), n.ID)
		}
		seen[n.ID] = true
		if diff := cmp.Diff(x.byID[n.ID], n); diff != "" {
			t.Errorf("path node %s (-data +got):\n%s", n.ID, diff)
		}
		if i == len(p.Relationships) {
			break
		}
		r := p.Relationships[i]
		next := p.Nodes[i+1].ID
		if !(r.From == n.ID && r.To == next || r.To == n.ID && r.From == next) {
			t.Errorf("path %v: relationship %d does not join %s and %s", pathKey(p), i, n.ID, next)
		}
		if !slices.ContainsFunc(x.ds.Relationships, func(d kg.Relationship) bool { return cmp.Equal(d, r) }) {
			t.Errorf("path %v: relationship %s is not in the data", pathKey(p), r.Key())
		}
		if len(q.Types) > 0 && !slices.Contains(q.Types, r.Type) || slices.Contains(q.ExcludeTypes, r.Type) {
			t.Errorf("path %v follows %s, outside %v or in %v", pathKey(p), r.Type, q.Types, q.ExcludeTypes)
		}
	}
}

func testPaths(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	pairs := [][2]string{
		{"j-code", "project-riverbank"}, {"angel-program", "massachusetts"},
		{"canada-border-services-agency", "fentanyl"}, {"hells-angels", "winnipeg"},
		{"crystal-meth-strategy", "methamphetamine"}, {"carfentanil", "opioids"},
	}
	queries := map[string]kg.PathsQuery{
		"Default":      {MaxHops: 4, First: 3},
		"AnyLink":      {MaxHops: 4, First: 3, AnyLink: true},
		"Six":          {MaxHops: 6, First: 5},
		"Exclude":      {MaxHops: 4, First: 3, ExcludeTypes: []kg.RelationshipType{"DISCUSSED_IN", "ABOUT", "PRESENTED_AT"}},
		"Typed":        {MaxHops: 5, First: 2, Types: []kg.RelationshipType{"TARGETS", "TRAFFICS", "RUNS", "SUBCLASS_OF"}},
		"OneHopAnyway": {MaxHops: 1, First: 2},
	}
	t.Run("SameAsDataset", func(t *testing.T) {
		for name, q := range queries {
			for _, pr := range pairs {
				want, err := kg.FindPaths(ctx, x.byID[pr[0]], x.byID[pr[1]], q, x.adjacency)
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.Paths(ctx, pr[0], pr[1], q)
				if err != nil {
					t.Fatalf("%s %v: %v", name, pr, err)
				}
				if diff := cmp.Diff(pathKeys(want), pathKeys(got)); diff != "" {
					t.Errorf("%s %v (-want +got):\n%s", name, pr, diff)
				}
				for i, p := range got {
					x.checkPath(t, p, pr[0], pr[1], q)
					if q.AnyLink && i > 0 && len(p.Relationships) < len(got[i-1].Relationships) {
						t.Errorf("%s %v: path %d shorter than the one before", name, pr, i)
					}
					if !q.AnyLink && i > 0 && detours(p) < detours(got[i-1]) && len(p.Relationships) <= len(got[i-1].Relationships) {
						t.Errorf("%s %v: path %d has fewer detours and no more hops than the one before", name, pr, i)
					}
				}
				if d := x.distance(pr[0], pr[1], q.Types...); q.AnyLink && len(q.ExcludeTypes) == 0 && (d >= 0 && d <= q.MaxHops) != (len(got) > 0) ||
					q.AnyLink && len(got) > 0 && len(got[0].Relationships) != d {
					t.Errorf("%s %v: distance %d, paths %v", name, pr, d, pathKeys(got))
				}
			}
		}
	})
	// The examples of the issue: explained paths do not go through a session or the event.
	t.Run("StatementsFirst", func(t *testing.T) {
		for _, pr := range [][2]string{{"j-code", "project-riverbank"}, {"canada-border-services-agency", "fentanyl"}, {"hells-angels", "winnipeg"}} {
			got, err := s.Paths(ctx, pr[0], pr[1], kg.PathsQuery{MaxHops: 6, First: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || detours(got[0]) != 0 {
				t.Errorf("%v: first path %v, want one without provenance links or hubs", pr, pathKeys(got))
			}
		}
	})
	t.Run("NoneFast", func(t *testing.T) {
		start := time.Now()
		got, err := s.Paths(ctx, "j-code", "winnipeg", kg.PathsQuery{MaxHops: 6, First: 3, Types: []kg.RelationshipType{"SUBCLASS_OF", "FUNDS"}})
		if err != nil || len(got) != 0 {
			t.Errorf("typed path that does not exist: %v, %v", pathKeys(got), err)
		}
		// Not a timing assertion on the store: a sanity bound far above any healthy answer.
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("a path that does not exist took %v", d)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		if _, err := s.Paths(ctx, "j-code", "nope", kg.PathsQuery{MaxHops: 3, First: 1}); !errors.Is(err, kg.ErrNotFound) {
			t.Errorf("unknown end: %v, want ErrNotFound", err)
		}
		for _, q := range []kg.PathsQuery{{MaxHops: 0, First: 1}, {MaxHops: 7, First: 1}, {MaxHops: 3, First: 0}, {MaxHops: 3, First: 11}, {MaxHops: 3, First: 1, ExcludeTypes: []kg.RelationshipType{"NOPE"}}} {
			if _, err := s.Paths(ctx, "j-code", "fentanyl", q); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("%+v: %v, want ErrInvalid", q, err)
			}
		}
	})
}

func testConnections(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	ids := []string{"canada-border-services-agency", "fentanyl", "hells-angels", "project-riverbank"}
	q := kg.PathsQuery{MaxHops: 4}
	sub, err := s.Connections(ctx, ids, q)
	if err != nil {
		t.Fatal(err)
	}
	var ents []kg.Entity
	for _, id := range ids {
		ents = append(ents, x.byID[id])
	}
	want, err := kg.Connect(ctx, ents, q, x.adjacency)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, sub); diff != "" {
		t.Errorf("Connections (-want +got):\n%s", diff)
	}
	got := map[string]bool{}
	for _, n := range sub.Nodes {
		got[n.ID] = true
	}
	for _, id := range ids {
		if !got[id] {
			t.Errorf("connections leave out %s", id)
		}
	}
	// Connected: every node reachable from the first through the subgraph's relationships.
	reach := map[string]bool{ids[0]: true}
	for changed := true; changed; {
		changed = false
		for _, r := range sub.Relationships {
			if reach[r.From] != reach[r.To] {
				reach[r.From], reach[r.To], changed = true, true, true
			}
		}
	}
	if len(reach) != len(sub.Nodes) || len(sub.Relationships) != len(sub.Nodes)-1 {
		t.Errorf("subgraph of %d nodes and %d relationships, %d connected: want a tree", len(sub.Nodes), len(sub.Relationships), len(reach))
	}
	if _, err := s.Connections(ctx, []string{"fentanyl", "nope"}, q); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
	if _, err := s.Connections(ctx, nil, q); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("no ids: %v, want ErrInvalid", err)
	}
}

func testRelationshipCounts(t *testing.T, s kg.Store, x *expect) {
	ids := []string{"canada-border-services-agency", "nope", "methamphetamine", "winnipeg-2019-plenary-4", "canada-border-services-agency"}
	got, err := s.RelationshipCounts(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		counts := map[kg.RelCount]int{}
		for _, r := range x.ds.Relationships {
			if r.From == id {
				counts[kg.RelCount{Type: r.Type, Direction: kg.Outgoing}]++
			}
			if r.To == id {
				counts[kg.RelCount{Type: r.Type, Direction: kg.Incoming}]++
			}
		}
		if diff := cmp.Diff(kg.SortRelCounts(counts), got[i]); diff != "" {
			t.Errorf("counts of %s (-want +got):\n%s", id, diff)
		}
	}
}

func testOrderByDegree(t *testing.T, s kg.Store, x *expect) {
	all := orderByDegree(t, s, x, nil)
	// Without the provenance links, which sessions dominate.
	if slices.Equal(all, orderByDegree(t, s, x, kg.ProvenanceTypes)) {
		t.Error("leaving the provenance links out changes no place in the order")
	}
	if _, err := s.Entities(context.Background(), kg.EntityQuery{OrderBy: kg.OrderByDegree, DegreeExcludes: []kg.RelationshipType{"LIKES"}, Page: kg.Page{Limit: 1}}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("degree without an unknown type: err = %v, want ErrInvalid", err)
	}
}

// orderByDegree checks the organizations by degree, descending, leaving out the relationships
// of the types exclude.
func orderByDegree(t *testing.T, s kg.Store, x *expect, exclude []kg.RelationshipType) []string {
	degree := map[string]int{}
	for _, r := range x.ds.Relationships {
		if !slices.Contains(exclude, r.Type) {
			degree[r.From]++
			degree[r.To]++
		}
	}
	var want []string
	for _, e := range x.ds.Entities {
		if e.Type == kg.Organization {
			want = append(want, e.ID)
		}
	}
	slices.SortFunc(want, func(a, b string) int {
		if degree[a] != degree[b] {
			return degree[b] - degree[a]
		}
		return strings.Compare(a, b)
	})
	q := kg.EntityQuery{Types: []kg.EntityType{kg.Organization}, OrderBy: kg.OrderByDegree, Descending: true, DegreeExcludes: exclude}
	got := walk(t, 7, func(p kg.Page) ([]string, bool, error) {
		q.Page = p
		page, err := s.Entities(context.Background(), q)
		return entityIDs(page.Entities), page.HasMore, err
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("organizations by degree without %v, descending (-want +got):\n%s", exclude, diff)
	}
	return want
}
