package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Facets implements kg.Store.
func (s *Store) Facets(ctx context.Context) (kg.Facets, error) {
	g := s.graph()
	list := make([]*kg.Entity, 0, len(g.ids))
	for _, id := range g.ids {
		list = append(list, g.entities[id])
	}
	return kg.CountFacets(list), ctx.Err()
}

// adjacency implements kg.AdjacencyFunc over g.
func (g *graph) adjacency(ctx context.Context, ids []string, types []string) (map[string][]kg.Neighbor, error) {
	out := map[string][]kg.Neighbor{}
	for _, id := range ids {
		for _, a := range g.adj[id] {
			r := g.rels[a.rel]
			if len(types) > 0 && !slices.Contains(types, r.Type) {
				continue
			}
			out[id] = append(out[id], kg.Neighbor{Rel: r, Other: *g.entities[a.other]})
		}
	}
	return out, ctx.Err()
}

// entity returns the entity id, or ErrNotFound.
func (g *graph) entity(id string) (kg.Entity, error) {
	e, ok := g.entities[id]
	if !ok {
		return kg.Entity{}, kg.Errorf(kg.ErrNotFound, "entity %q", id)
	}
	return *e, nil
}

// Paths implements kg.Store.
func (s *Store) Paths(ctx context.Context, from, to string, q kg.PathsQuery) ([]kg.Path, error) {
	if err := kg.CheckPathsQuery(q); err != nil {
		return nil, err
	}
	g := s.graph()
	a, err := g.entity(from)
	if err != nil {
		return nil, err
	}
	b, err := g.entity(to)
	if err != nil {
		return nil, err
	}
	return kg.FindPaths(ctx, a, b, q, g.adjacency)
}

// Connections implements kg.Store.
func (s *Store) Connections(ctx context.Context, ids []string, q kg.PathsQuery) (kg.Subgraph, error) {
	g := s.graph()
	if len(ids) > kg.MaxConnectionIDs {
		return kg.Subgraph{}, kg.Errorf(kg.ErrInvalid, "connections takes 1..%d ids, got %d", kg.MaxConnectionIDs, len(ids))
	}
	var ents []kg.Entity
	for _, id := range ids {
		e, err := g.entity(id)
		if err != nil {
			return kg.Subgraph{}, err
		}
		ents = append(ents, e)
	}
	return kg.Connect(ctx, ents, q, g.adjacency)
}

// RelationshipCounts implements kg.Store.
func (s *Store) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelCount, error) {
	g := s.graph()
	out := make([][]kg.RelCount, len(ids))
	for i, id := range ids {
		counts := map[kg.RelCount]int{}
		for _, a := range g.adj[id] {
			d := kg.Incoming
			if a.outgoing {
				d = kg.Outgoing
			}
			counts[kg.RelCount{Type: g.rels[a.rel].Type, Direction: d}]++
		}
		out[i] = kg.SortRelCounts(counts)
	}
	return out, ctx.Err()
}

// Facts implements kg.Store.
func (s *Store) Facts(ctx context.Context, q kg.FactQuery) (kg.EntityPage, error) {
	if err := kg.CheckFactQuery(q); err != nil {
		return kg.EntityPage{}, err
	}
	g := s.graph()
	about, err := kg.Narrower(ctx, q.About, q.IncludeNarrower, g.adjacency)
	if err != nil {
		return kg.EntityPage{}, err
	}
	linked := func(id, typ string, ids []string) bool {
		if len(ids) == 0 {
			return true
		}
		for _, a := range g.adj[id] {
			if r := g.rels[a.rel]; a.outgoing && r.Type == typ && slices.Contains(ids, r.To) {
				return true
			}
		}
		return false
	}
	var list []*kg.Entity
	for _, id := range g.ids {
		e := g.entities[id]
		if e.Type == kg.Fact && (len(q.Units) == 0 || slices.Contains(q.Units, e.Unit)) && (len(q.Kinds) == 0 || slices.Contains(q.Kinds, e.Kind)) &&
			strings.Contains(e.Period, q.Period) && linked(id, "ABOUT", about) && linked(id, "DISCUSSED_IN", q.Sessions) {
			list = append(list, e)
		}
	}
	slices.SortStableFunc(list, func(a, b *kg.Entity) int { return kg.CompareEntities(a, b, q.OrderBy, q.Descending) })
	window, hasMore := kg.Window(len(list), q.Page)
	page := kg.EntityPage{HasMore: hasMore, Total: len(list)}
	for _, e := range list[window[0]:window[1]] {
		page.Entities = append(page.Entities, e.Clone())
	}
	return page, ctx.Err()
}
