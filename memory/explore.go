package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Facets implements kg.Store.
func (s *Store) Facets(ctx context.Context) (kg.Facets, error) {
	list := make([]*kg.Entity, len(s.entities))
	for i := range s.entities {
		list[i] = &s.entities[i]
	}
	return kg.CountFacets(list), ctx.Err()
}

// adjacency implements kg.AdjacencyFunc over the store.
func (s *Store) adjacency(ctx context.Context, ids []string, types []kg.RelationshipType) (map[string][]kg.Neighbor, error) {
	out := map[string][]kg.Neighbor{}
	for _, id := range ids {
		i, ok := s.index[id]
		if !ok {
			continue
		}
		for _, a := range s.adj[i] {
			r := s.rels[a.rel]
			if len(types) > 0 && !slices.Contains(types, r.Type) {
				continue
			}
			out[id] = append(out[id], kg.Neighbor{Rel: r, Other: s.entities[a.other]})
		}
	}
	return out, ctx.Err()
}

// entity returns the entity id, or ErrNotFound.
func (s *Store) entity(id string) (kg.Entity, error) {
	e := s.Entity(id)
	if e == nil {
		return kg.Entity{}, kg.Errorf(kg.ErrNotFound, "entity %q", id)
	}
	return *e, nil
}

// Paths implements kg.Store.
func (s *Store) Paths(ctx context.Context, from, to string, q kg.PathsQuery) ([]kg.Path, error) {
	if err := kg.CheckPathsQuery(q); err != nil {
		return nil, err
	}
	a, err := s.entity(from)
	if err != nil {
		return nil, err
	}
	b, err := s.entity(to)
	if err != nil {
		return nil, err
	}
	return kg.FindPaths(ctx, a, b, q, s.adjacency)
}

// Connections implements kg.Store.
func (s *Store) Connections(ctx context.Context, ids []string, q kg.PathsQuery) (kg.Subgraph, error) {
	if err := kg.CheckConnectionIDs(len(ids)); err != nil {
		return kg.Subgraph{}, err
	}
	var ents []kg.Entity
	for _, id := range ids {
		e, err := s.entity(id)
		if err != nil {
			return kg.Subgraph{}, err
		}
		ents = append(ents, e)
	}
	return kg.Connect(ctx, ents, q, s.adjacency)
}

// RelationshipCounts implements kg.Store.
func (s *Store) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelCount, error) {
	out := make([][]kg.RelCount, len(ids))
	for i, id := range ids {
		counts := map[kg.RelCount]int{}
		e, ok := s.index[id]
		if !ok {
			out[i] = kg.SortRelCounts(counts)
			continue
		}
		for _, a := range s.adj[e] {
			d := kg.Incoming
			if a.outgoing {
				d = kg.Outgoing
			}
			counts[kg.RelCount{Type: s.rels[a.rel].Type, Direction: d}]++
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
	about, err := kg.Narrower(ctx, q.About, q.IncludeNarrower, s.adjacency)
	if err != nil {
		return kg.EntityPage{}, err
	}
	linked := func(id string, typ kg.RelationshipType, ids []string) bool {
		if len(ids) == 0 {
			return true
		}
		for _, a := range s.adj[s.index[id]] {
			if r := s.rels[a.rel]; a.outgoing && r.Type == typ && slices.Contains(ids, r.To) {
				return true
			}
		}
		return false
	}
	var list []*kg.Entity
	var units []string
	where := s.newFilter(q.Where)
	for _, i := range s.byType[kg.Fact] {
		e := &s.entities[i]
		id := e.ID
		if (len(q.Units) == 0 || slices.Contains(q.Units, e.Unit)) && (len(q.Kinds) == 0 || slices.Contains(q.Kinds, e.Kind)) &&
			(len(q.Qualifiers) == 0 || slices.Contains(q.Qualifiers, e.Qualifier)) && (len(q.Measures) == 0 || slices.Contains(q.Measures, e.Measure)) &&
			strings.Contains(e.Period, q.Period) && linked(id, "ABOUT", about) && linked(id, "DISCUSSED_IN", q.Sessions) && where(i) {
			list = append(list, e)
			if !slices.Contains(units, e.Unit) {
				units = append(units, e.Unit)
			}
		}
	}
	slices.Sort(units)
	if err := kg.CheckUnits(q.OrderBy, units); err != nil {
		return kg.EntityPage{}, err
	}
	slices.SortStableFunc(list, func(a, b *kg.Entity) int { return kg.CompareEntities(a, b, q.OrderBy, q.Descending) })
	start, end, hasMore := kg.Window(len(list), q.Page)
	page := kg.EntityPage{HasMore: hasMore, Total: len(list)}
	for _, e := range list[start:end] {
		page.Entities = append(page.Entities, *e)
	}
	return page, ctx.Err()
}
