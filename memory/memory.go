// Package memory implements kg.Store in process memory. It is the default store: it needs no
// server, loads the seed data in milliseconds, and answers from indexes built at load time (by id,
// by type, adjacency per entity in both directions, and folded search fields).
//
// A Store is safe for concurrent use: a sync.RWMutex guards the pointer to its indexes, which are
// never changed once built; Replace swaps in a new set. No method hands out internal slices.
package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Store is an in-memory kg.Store.
type Store struct {
	mu sync.RWMutex
	g  *graph
}

var _ kg.Store = (*Store)(nil)

// adj is one relationship seen from one of its ends.
type adj struct {
	rel      int // index into graph.rels
	other    string
	outgoing bool
}

type graph struct {
	version  string
	entities map[string]*kg.Entity
	ids      []string // every id, sorted
	rels     []kg.Relationship
	adj      map[string][]adj // per entity, sorted by type, other id, outgoing first
	search   map[string]kg.SearchDoc
}

// New returns a store holding the given entities and relationships. version identifies the data.
// It fails if a relationship names an entity that does not exist.
func New(entities []kg.Entity, rels []kg.Relationship, version string) (*Store, error) {
	g, err := build(entities, rels, version)
	if err != nil {
		return nil, err
	}
	return &Store{g: g}, nil
}

// Replace swaps the store's data for a new set; requests under way finish on the old one.
func (s *Store) Replace(entities []kg.Entity, rels []kg.Relationship, version string) error {
	g, err := build(entities, rels, version)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.g = g
	s.mu.Unlock()
	return nil
}

func (s *Store) graph() *graph {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.g
}

func build(entities []kg.Entity, rels []kg.Relationship, version string) (*graph, error) {
	g := &graph{
		version:  version,
		entities: make(map[string]*kg.Entity, len(entities)),
		adj:      map[string][]adj{},
		search:   make(map[string]kg.SearchDoc, len(entities)),
	}
	for _, e := range entities {
		e := e.Clone()
		if _, dup := g.entities[e.ID]; dup {
			return nil, fmt.Errorf("memory: duplicate entity %q", e.ID)
		}
		g.entities[e.ID] = &e
		g.ids = append(g.ids, e.ID)
		g.search[e.ID] = kg.NewSearchDoc(e)
	}
	slices.Sort(g.ids)
	for i, r := range rels {
		if g.entities[r.From] == nil || g.entities[r.To] == nil {
			return nil, fmt.Errorf("memory: relationship %s from %q to %q: endpoint does not exist", r.Type, r.From, r.To)
		}
		g.rels = append(g.rels, r.Clone())
		g.adj[r.From] = append(g.adj[r.From], adj{rel: i, other: r.To, outgoing: true})
		g.adj[r.To] = append(g.adj[r.To], adj{rel: i, other: r.From, outgoing: false})
	}
	for id, list := range g.adj {
		slices.SortFunc(list, func(a, b adj) int {
			return cmp.Or(
				cmp.Compare(g.rels[a.rel].Type, g.rels[b.rel].Type),
				cmp.Compare(a.other, b.other),
				-compareBool(a.outgoing, b.outgoing),
			)
		})
		g.adj[id] = list
	}
	return g, nil
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// EntitiesByID implements kg.Store.
func (s *Store) EntitiesByID(ctx context.Context, ids []string) ([]*kg.Entity, error) {
	g := s.graph()
	out := make([]*kg.Entity, len(ids))
	for i, id := range ids {
		if e, ok := g.entities[id]; ok {
			c := e.Clone()
			out[i] = &c
		}
	}
	return out, ctx.Err()
}

// Entities implements kg.Store.
func (s *Store) Entities(ctx context.Context, q kg.EntityQuery) (kg.EntityPage, error) {
	if err := kg.CheckEntityQuery(q); err != nil {
		return kg.EntityPage{}, err
	}
	g := s.graph()
	var list []*kg.Entity
	for _, id := range g.ids {
		e := g.entities[id]
		if (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) &&
			(len(q.Categories) == 0 || slices.Contains(q.Categories, e.Category)) {
			list = append(list, e)
		}
	}
	if q.OrderBy == kg.OrderByDegree {
		slices.SortStableFunc(list, func(a, b *kg.Entity) int {
			return kg.CompareByDegree(a, b, len(g.adj[a.ID]), len(g.adj[b.ID]), q.Descending)
		})
	} else {
		slices.SortStableFunc(list, func(a, b *kg.Entity) int { return kg.CompareEntities(a, b, q.OrderBy, q.Descending) })
	}
	window, hasMore := kg.Window(len(list), q.Page)
	page := kg.EntityPage{HasMore: hasMore, Total: -1}
	if q.WantTotal {
		page.Total = len(list)
	}
	for _, e := range list[window[0]:window[1]] {
		page.Entities = append(page.Entities, e.Clone())
	}
	return page, ctx.Err()
}

// Relationships implements kg.Store.
func (s *Store) Relationships(ctx context.Context, ids []string, q kg.RelQuery) ([]kg.RelPage, error) {
	if err := kg.CheckRelQuery(q); err != nil {
		return nil, err
	}
	g := s.graph()
	out := make([]kg.RelPage, len(ids))
	for i, id := range ids {
		var match []kg.Relationship
		for _, a := range g.adj[id] {
			r := g.rels[a.rel]
			if q.Direction == kg.Outgoing && !a.outgoing || q.Direction == kg.Incoming && a.outgoing {
				continue
			}
			if len(q.Types) > 0 && !slices.Contains(q.Types, r.Type) {
				continue
			}
			if len(q.OtherTypes) > 0 && !slices.Contains(q.OtherTypes, g.entities[a.other].Type) {
				continue
			}
			match = append(match, r)
		}
		window, hasMore := kg.Window(len(match), q.Page)
		page := kg.RelPage{HasMore: hasMore, Total: len(match)}
		for _, r := range match[window[0]:window[1]] {
			page.Relationships = append(page.Relationships, r.Clone())
		}
		out[i] = page
	}
	return out, ctx.Err()
}

// Search implements kg.Store.
func (s *Store) Search(ctx context.Context, q kg.SearchQuery) (kg.SearchPage, error) {
	if _, err := kg.CheckSearchQuery(q); err != nil {
		return kg.SearchPage{}, err
	}
	g := s.graph()
	m := kg.NewMatcher(q.Text)
	var hits []kg.SearchHit
	for _, id := range g.ids {
		if score, field, lang := m.Score(g.search[id]); score > 0 {
			hits = append(hits, kg.SearchHit{Entity: *g.entities[id], Score: score, Field: field, Language: lang})
		}
	}
	return kg.RankSearch(q, hits), ctx.Err()
}

// Neighborhood implements kg.Store: a breadth-first walk that ignores direction, in adjacency
// order, stopping when the limit of nodes is reached.
func (s *Store) Neighborhood(ctx context.Context, id string, q kg.NeighborhoodQuery) (kg.Subgraph, error) {
	if err := kg.CheckNeighborhoodQuery(q); err != nil {
		return kg.Subgraph{}, err
	}
	g := s.graph()
	centre, ok := g.entities[id]
	if !ok {
		return kg.Subgraph{}, kg.Errorf(kg.ErrNotFound, "entity %q", id)
	}
	sub := kg.Subgraph{Nodes: []kg.Entity{centre.Clone()}}
	seen := map[string]bool{id: true}
	relSeen := map[int]bool{}
	frontier := []string{id}
	for depth := 0; depth < q.Depth && len(frontier) > 0; depth++ {
		var next []string
		for _, from := range frontier {
			for _, a := range g.adj[from] {
				r := g.rels[a.rel]
				if len(q.Types) > 0 && !slices.Contains(q.Types, r.Type) {
					continue
				}
				if !seen[a.other] {
					if len(sub.Nodes) >= q.Limit {
						sub.Truncated = true
						continue
					}
					seen[a.other] = true
					sub.Nodes = append(sub.Nodes, g.entities[a.other].Clone())
					next = append(next, a.other)
				}
				if !relSeen[a.rel] {
					relSeen[a.rel] = true
					sub.Relationships = append(sub.Relationships, r.Clone())
				}
			}
		}
		frontier = next
	}
	return sub, ctx.Err()
}

// ShortestPath implements kg.Store: breadth-first, ignoring direction, in adjacency order, so the
// path returned among several of the same length is always the same.
func (s *Store) ShortestPath(ctx context.Context, from, to string, q kg.PathQuery) (*kg.Path, error) {
	if err := kg.CheckPathQuery(q); err != nil {
		return nil, err
	}
	g := s.graph()
	for _, id := range []string{from, to} {
		if g.entities[id] == nil {
			return nil, kg.Errorf(kg.ErrNotFound, "entity %q", id)
		}
	}
	type step struct {
		prev string
		rel  int
	}
	back := map[string]step{from: {rel: -1}}
	frontier := []string{from}
	for hops := 0; hops < q.MaxHops && len(frontier) > 0; hops++ {
		if _, ok := back[to]; ok {
			break
		}
		var next []string
		for _, id := range frontier {
			for _, a := range g.adj[id] {
				if len(q.Types) > 0 && !slices.Contains(q.Types, g.rels[a.rel].Type) {
					continue
				}
				if _, ok := back[a.other]; !ok {
					back[a.other] = step{prev: id, rel: a.rel}
					next = append(next, a.other)
				}
			}
		}
		frontier = next
	}
	if _, ok := back[to]; !ok {
		return nil, ctx.Err()
	}
	p := &kg.Path{}
	for id := to; ; {
		p.Nodes = append(p.Nodes, g.entities[id].Clone())
		st := back[id]
		if st.rel < 0 {
			break
		}
		p.Relationships = append(p.Relationships, g.rels[st.rel].Clone())
		id = st.prev
	}
	slices.Reverse(p.Nodes)
	slices.Reverse(p.Relationships)
	return p, ctx.Err()
}

// Stats implements kg.Store.
func (s *Store) Stats(ctx context.Context) (kg.Stats, error) {
	g := s.graph()
	st := kg.Stats{Entities: map[kg.EntityType]int{}, Relationships: map[string]int{}}
	for _, e := range g.entities {
		st.Entities[e.Type]++
		st.Evidence += len(e.Evidence)
	}
	for _, r := range g.rels {
		st.Relationships[r.Type]++
		st.Evidence += len(r.Evidence)
	}
	return st, ctx.Err()
}

// DataVersion implements kg.Store.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	return s.graph().version, ctx.Err()
}

// Ready implements kg.Store: an in-memory store is always ready.
func (s *Store) Ready(ctx context.Context) error { return ctx.Err() }
