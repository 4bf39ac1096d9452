package storetest

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/bench/synth"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/seed"
)

// SyntheticSize is the number of entities of the synthetic graph RunSynthetic loads.
const SyntheticSize = 1500

// RunSynthetic runs the parts of the contract that do not depend on the seed data's ids on a
// synthetic graph shaped like it (package synth), loaded by open into a new store. The
// expectations are worked out here from the entities and relationships alone, by plain
// breadth-first searches and sorts written for the test, not with the functions of package kg
// that the stores call: a store that follows the wrong order, misses a relationship or walks
// too far fails them.
func RunSynthetic(t *testing.T, open func(t *testing.T, ds *seed.Dataset) kg.Store) {
	base, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	ents, rels, err := synth.Generate(base.Entities, base.Relationships, SyntheticSize, 7)
	if err != nil {
		t.Fatal(err)
	}
	s := open(t, &seed.Dataset{Entities: ents, Relationships: rels, Version: "synthetic-contract"})
	g := newRefGraph(ents, rels)
	rng := rand.New(rand.NewPCG(7, 11))
	sample := make([]string, 40)
	for i := range sample {
		sample[i] = ents[rng.IntN(len(ents))].ID
	}
	// The entities with the most relationships, where order and limits matter most.
	hubs := slices.Clone(g.ids)
	slices.SortStableFunc(hubs, func(a, b string) int { return len(g.adj[b]) - len(g.adj[a]) })
	sample = append(sample, hubs[:5]...)
	ctx := context.Background()

	t.Run("Filters", func(t *testing.T) { checkFilters(t, s, ents, rels, genericFilters, false) })

	t.Run("Relationships", func(t *testing.T) {
		for _, id := range sample {
			pages, err := s.Relationships(ctx, []string{id}, kg.RelQuery{Page: kg.Page{Limit: kg.MaxPageSize, WantTotal: true}})
			if err != nil {
				t.Fatal(err)
			}
			want := g.adj[id]
			var got []ref
			for _, r := range pages[0].Relationships {
				got = append(got, refOf(id, r))
			}
			if diff := gocmp.Diff(want[:min(len(want), kg.MaxPageSize)], got); diff != "" {
				t.Fatalf("%s (-want +got):\n%s", id, diff)
			}
			if pages[0].Total != len(want) {
				t.Errorf("%s: total %d, want %d", id, pages[0].Total, len(want))
			}
		}
	})

	t.Run("Neighborhood", func(t *testing.T) {
		cut := 0
		defer func() {
			if cut == 0 {
				t.Error("no walk was truncated: the test does not exercise the limit")
			}
		}()
		for i, id := range sample {
			q := kg.NeighborhoodQuery{Depth: 1 + i%3, Limit: []int{5, 30, 120, kg.MaxNeighborhoodLimit}[i%4]}
			sub, err := s.Neighborhood(ctx, id, q)
			if err != nil {
				t.Fatal(err)
			}
			wantNodes, wantRels, truncated := g.walk(id, q.Depth, q.Limit)
			var gotNodes, gotRels []string
			for _, n := range sub.Nodes {
				gotNodes = append(gotNodes, n.ID)
			}
			for _, r := range sub.Relationships {
				gotRels = append(gotRels, string(r.Type)+"|"+r.From+"|"+r.To)
			}
			if diff := gocmp.Diff(wantNodes, gotNodes); diff != "" {
				t.Fatalf("%s %+v: nodes (-want +got):\n%s", id, q, diff)
			}
			if diff := gocmp.Diff(wantRels, gotRels); diff != "" {
				t.Fatalf("%s %+v: relationships (-want +got):\n%s", id, q, diff)
			}
			if sub.Truncated != truncated {
				t.Errorf("%s %+v: truncated %v, want %v", id, q, sub.Truncated, truncated)
			}
			if truncated {
				cut++
			}
		}
	})

	t.Run("ShortestPath", func(t *testing.T) {
		found := 0
		defer func() {
			if found < 10 {
				t.Errorf("only %d pairs within %d hops: the test does not exercise the search", found, kg.MaxHops)
			}
		}()
		for i := range sample {
			from, to := sample[i], sample[(i*7+3)%len(sample)]
			p, err := s.ShortestPath(ctx, from, to, kg.PathQuery{MaxHops: kg.MaxHops})
			if err != nil {
				t.Fatal(err)
			}
			d := g.distance(from, to)
			if d < 0 || d > kg.MaxHops {
				if p != nil {
					t.Errorf("%s to %s: a path of %d hops where none is within %d", from, to, len(p.Relationships), kg.MaxHops)
				}
				continue
			}
			found++
			if p == nil || len(p.Relationships) != d || !g.valid(*p, from, to) {
				t.Errorf("%s to %s: path %v, want a valid one of %d hops", from, to, p, d)
			}
		}
	})

	t.Run("Paths", func(t *testing.T) {
		checked := 0
		defer func() {
			if checked < 3 {
				t.Errorf("only %d pairs within 1 to 4 hops: the test does not exercise the search", checked)
			}
		}()
		for i := range 20 {
			from, to := sample[i], sample[(i*5+1)%len(sample)]
			d := g.distance(from, to)
			if d < 1 || d > 4 {
				continue
			}
			checked++
			paths, err := s.Paths(ctx, from, to, kg.PathsQuery{MaxHops: 4, First: 3, AnyLink: true})
			if err != nil {
				t.Fatalf("%s to %s: %v", from, to, err)
			}
			if len(paths) == 0 || len(paths[0].Relationships) != d {
				t.Errorf("%s to %s: %d paths, the first of %v hops; want the shortest first, of %d hops", from, to, len(paths), paths, d)
			}
			for _, p := range paths {
				if !g.valid(p, from, to) || len(p.Relationships) < d {
					t.Errorf("%s to %s: path %v is not a simple path between them", from, to, p)
				}
			}
		}
	})

	// The count of a search, on each side of its bound, with many more hits than the seed graph
	// gives (the ranking itself is kg's rule, which the seed graph's contract checks).
	t.Run("SearchCount", func(t *testing.T) {
		for _, text := range []string{"police", "drug trafficking", "canada"} {
			var hits []kg.SearchHit
			for _, e := range ents {
				if score, field, lang := kg.Score(e, text); score > 0 {
					hits = append(hits, kg.SearchHit{Entity: e, Score: score, Field: field, Language: lang})
				}
			}
			kg.SortHits(hits)
			checkSearchCount(t, s, text, hitIDs(hits))
		}
	})

	t.Run("EntitiesByIDPages", func(t *testing.T) {
		var got []string
		for offset := 0; ; offset += kg.MaxPageSize {
			page, err := s.Entities(ctx, kg.EntityQuery{OrderBy: kg.OrderByID, Page: kg.Page{Offset: offset, Limit: kg.MaxPageSize}})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Entities {
				got = append(got, e.ID)
			}
			if !page.HasMore {
				break
			}
		}
		if diff := gocmp.Diff(g.ids, got); diff != "" {
			t.Errorf("every page by id (-want +got):\n%s", diff)
		}
	})
}

// ref is one relationship seen from an entity, as the reference graph keeps it.
type ref struct {
	Type     kg.RelationshipType
	Other    string
	Outgoing bool
	From, To string
}

func refOf(id string, r kg.Relationship) ref {
	if r.From == id {
		return ref{Type: r.Type, Other: r.To, Outgoing: true, From: r.From, To: r.To}
	}
	return ref{Type: r.Type, Other: r.From, From: r.From, To: r.To}
}

// refGraph is the graph as the test sees it: every entity's relationships from its side, sorted
// by type, then the other end's id, then outgoing before incoming (the order the contract
// gives the relationships API).
type refGraph struct {
	ids []string // sorted
	adj map[string][]ref
}

func newRefGraph(ents []kg.Entity, rels []kg.Relationship) refGraph {
	g := refGraph{adj: map[string][]ref{}}
	for _, e := range ents {
		g.ids = append(g.ids, e.ID)
	}
	slices.Sort(g.ids)
	for _, r := range rels {
		g.adj[r.From] = append(g.adj[r.From], refOf(r.From, r))
		if r.To != r.From {
			g.adj[r.To] = append(g.adj[r.To], refOf(r.To, r))
		}
	}
	for _, list := range g.adj {
		slices.SortFunc(list, func(a, b ref) int {
			if c := cmp.Compare(a.Type, b.Type); c != 0 {
				return c
			}
			if c := strings.Compare(a.Other, b.Other); c != 0 {
				return c
			}
			switch {
			case a.Outgoing == b.Outgoing:
				return 0
			case a.Outgoing:
				return -1
			}
			return 1
		})
	}
	return g
}

// walk is the neighbourhood the contract asks for: breadth first, in relationship order, the
// entities met kept until limit, every relationship between kept entities met on the way.
func (g refGraph) walk(centre string, depth, limit int) (nodes, rels []string, truncated bool) {
	nodes = []string{centre}
	kept := map[string]bool{centre: true}
	seen := map[string]bool{}
	frontier := []string{centre}
	for range depth {
		var next []string
		for _, id := range frontier {
			for _, r := range g.adj[id] {
				if !kept[r.Other] {
					if len(nodes) >= limit {
						truncated = true
						continue
					}
					kept[r.Other] = true
					nodes = append(nodes, r.Other)
					next = append(next, r.Other)
				}
				if key := string(r.Type) + "|" + r.From + "|" + r.To; !seen[key] {
					seen[key] = true
					rels = append(rels, key)
				}
			}
		}
		frontier = next
	}
	return nodes, rels, truncated
}

// distance is the number of relationships of a shortest path between from and to, ignoring
// direction, or -1.
func (g refGraph) distance(from, to string) int {
	dist := map[string]int{from: 0}
	for frontier := []string{from}; len(frontier) > 0; {
		var next []string
		for _, id := range frontier {
			if id == to {
				return dist[id]
			}
			for _, r := range g.adj[id] {
				if _, ok := dist[r.Other]; !ok {
					dist[r.Other] = dist[id] + 1
					next = append(next, r.Other)
				}
			}
		}
		frontier = next
	}
	return -1
}

// valid reports whether p is a simple path from from to to made of relationships of the graph.
func (g refGraph) valid(p kg.Path, from, to string) bool {
	if len(p.Nodes) != len(p.Relationships)+1 || p.Nodes[0].ID != from || p.Nodes[len(p.Nodes)-1].ID != to {
		return false
	}
	seen := map[string]bool{}
	for i, n := range p.Nodes {
		if seen[n.ID] {
			return false
		}
		seen[n.ID] = true
		if i == 0 {
			continue
		}
		r, a, b := p.Relationships[i-1], p.Nodes[i-1].ID, n.ID
		if !(r.From == a && r.To == b || r.From == b && r.To == a) ||
			!slices.Contains(g.adj[a], refOf(a, r)) {
			return false
		}
	}
	return true
}
