package memory

import (
	"context"
	"slices"

	"github.com/drugwatch/roundtable-kg/kg"
)

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
