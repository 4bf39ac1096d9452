package neo4j_test

import (
	"slices"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed"
)

// step is one step of a path as shortest-path.cypher orders them: relationship type, the next
// entity's id, and whether the step goes against the relationship's direction (false first).
type step struct {
	typ      kg.RelationshipType
	next     string
	incoming bool
}

// compareSteps orders paths step by step in adjacency order (kg.CompareAdjacent).
func compareSteps(a, b []step) int {
	return slices.CompareFunc(a, b, func(x, y step) int {
		return kg.CompareAdjacent(kg.Adjacent{Type: x.typ, Other: x.next, Outgoing: !x.incoming}, kg.Adjacent{Type: y.typ, Other: y.next, Outgoing: !y.incoming})
	})
}

// TestShortestPathRuleMatchesMemory checks the rule that shortest-path.cypher relies on: among
// all the shortest paths (what allShortestPaths returns), the one with the smallest sequence of
// steps is the path the embedded store's breadth-first search returns. It runs over many pairs of
// the seed data.
func TestShortestPathRuleMatchesMemory(t *testing.T) {
	ds, err := seed.Read(seed.FS())
	if err != nil {
		t.Fatal(err)
	}
	mem, err := memory.New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		t.Fatal(err)
	}
	type edge struct {
		rel   kg.Relationship
		other string
		step  step
	}
	adj := map[string][]edge{}
	for _, r := range ds.Relationships {
		adj[r.From] = append(adj[r.From], edge{r, r.To, step{r.Type, r.To, false}})
		adj[r.To] = append(adj[r.To], edge{r, r.From, step{r.Type, r.From, true}})
	}
	dist := func(from string) map[string]int {
		d := map[string]int{from: 0}
		for frontier := []string{from}; len(frontier) > 0; {
			var next []string
			for _, id := range frontier {
				for _, e := range adj[id] {
					if _, ok := d[e.other]; !ok {
						d[e.other] = d[id] + 1
						next = append(next, e.other)
					}
				}
			}
			frontier = next
		}
		return d
	}
	ctx := t.Context()
	pairs, compared := 0, 0
	for i := 0; i < len(ds.Entities); i += 7 {
		from := ds.Entities[i].ID
		df := dist(from)
		for j := 3; j < len(ds.Entities); j += 5 {
			to := ds.Entities[j].ID
			if to == from {
				continue
			}
			pairs++
			got, err := mem.ShortestPath(ctx, from, to, kg.PathQuery{MaxHops: kg.MaxHops})
			if err != nil {
				t.Fatal(err)
			}
			d, ok := df[to]
			if !ok || d > kg.MaxHops {
				if got != nil {
					t.Errorf("%s-%s: memory found a path where there is none within %d hops", from, to, kg.MaxHops)
				}
				continue
			}
			dt := dist(to)
			// Enumerate every shortest path, as allShortestPaths does, and keep the smallest.
			var best []step
			var bestRels []kg.Relationship
			n := 0
			var walk func(at string, steps []step, rels []kg.Relationship)
			walk = func(at string, steps []step, rels []kg.Relationship) {
				if n > 20000 {
					return
				}
				if at == to {
					n++
					if best == nil || compareSteps(steps, best) < 0 {
						best, bestRels = slices.Clone(steps), slices.Clone(rels)
					}
					return
				}
				for _, e := range adj[at] {
					if df[e.other] == df[at]+1 && dt[e.other] == d-df[e.other] {
						walk(e.other, append(steps, e.step), append(rels, e.rel))
					}
				}
			}
			walk(from, nil, nil)
			if n > 20000 {
				continue // too many paths to enumerate in a test
			}
			compared++
			if got == nil {
				t.Errorf("%s-%s: memory found no path, the rule found %d steps", from, to, len(best))
				continue
			}
			var gotKeys, wantKeys []string
			for _, r := range got.Relationships {
				gotKeys = append(gotKeys, r.Key())
			}
			for _, r := range bestRels {
				wantKeys = append(wantKeys, r.Key())
			}
			if !slices.Equal(gotKeys, wantKeys) {
				t.Errorf("%s-%s: memory's path %v, the rule picks %v", from, to, gotKeys, wantKeys)
			}
		}
	}
	if compared < 500 {
		t.Errorf("only %d of %d pairs compared", compared, pairs)
	}
	t.Logf("%d pairs, %d compared", pairs, compared)
}
