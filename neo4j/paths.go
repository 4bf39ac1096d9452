package neo4j

import (
	"cmp"
	"context"
	"errors"

	"github.com/drugwatch/roundtable-kg/kg"
)

var stmtRelationshipCounts = load("relationship-counts.cypher")

// adjacency returns a kg.AdjacencyFunc that reads through run, one query per call.
func adjacency(run runFunc) kg.AdjacencyFunc {
	return func(ctx context.Context, ids []string, types []kg.RelationshipType) (map[string][]kg.Neighbor, error) {
		got, err := neighbors(run, unique(ids), types)
		if err != nil {
			return nil, err
		}
		out := make(map[string][]kg.Neighbor, len(got))
		for id, list := range got {
			for _, n := range list {
				out[id] = append(out[id], kg.Neighbor{Rel: n.rel, Other: n.other})
			}
		}
		return out, ctx.Err()
	}
}

// endpoints reads the entities ids in order, or fails with ErrNotFound naming the first missing.
func endpoints(run runFunc, ids []string) ([]kg.Entity, error) {
	byID, err := entitiesByID(run, ids)
	if err != nil {
		return nil, err
	}
	out := make([]kg.Entity, len(ids))
	for i, id := range ids {
		e, ok := byID[id]
		if !ok {
			return nil, kg.Errorf(kg.ErrNotFound, "entity %q", id)
		}
		out[i] = e
	}
	return out, nil
}

// Paths implements kg.Store with kg.FindPaths over the neighbours statement: one bounded,
// parameterised query per level of the walk from each end, all in one read transaction.
func (s *Store) Paths(ctx context.Context, from, to string, q kg.PathsQuery) ([]kg.Path, error) {
	if err := kg.CheckPathsQuery(q); err != nil {
		return nil, err
	}
	var (
		out  []kg.Path
		over error
	)
	err := s.readTx(ctx, "paths", func(run runFunc) error {
		ends, err := endpoints(run, []string{from, to})
		if err != nil {
			return err
		}
		out, err = kg.FindPaths(ctx, ends[0], ends[1], q, adjacency(run))
		return keepPartial(err, &over)
	})
	if err != nil {
		return nil, err
	}
	return out, cmp.Or(over, ctx.Err())
}

// Connections implements kg.Store with kg.Connect over the neighbours statement.
func (s *Store) Connections(ctx context.Context, ids []string, q kg.PathsQuery) (kg.Subgraph, error) {
	if err := kg.CheckConnectionIDs(len(ids)); err != nil {
		return kg.Subgraph{}, err
	}
	var (
		sub  kg.Subgraph
		over error
	)
	err := s.readTx(ctx, "connections", func(run runFunc) error {
		ents, err := endpoints(run, ids)
		if err != nil {
			return err
		}
		sub, err = kg.Connect(ctx, ents, q, adjacency(run))
		return keepPartial(err, &over)
	})
	if err != nil {
		return kg.Subgraph{}, err
	}
	return sub, cmp.Or(over, ctx.Err())
}

// RelationshipCounts implements kg.Store with one query for all the ids.
func (s *Store) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelCount, error) {
	out := make([][]kg.RelCount, len(ids))
	if len(ids) == 0 {
		return out, ctx.Err()
	}
	recs, err := s.query(ctx, "relationship counts", stmtRelationshipCounts, map[string]any{"ids": unique(ids)})
	if err != nil {
		return nil, err
	}
	counts := map[string]map[kg.RelCount]int{}
	for _, rec := range recs {
		id, err := value[string](rec, "id")
		if err != nil {
			return nil, err
		}
		typ, err := value[string](rec, "type")
		if err != nil {
			return nil, err
		}
		outgoing, err := value[bool](rec, "outgoing")
		if err != nil {
			return nil, err
		}
		n, err := value[int64](rec, "count")
		if err != nil {
			return nil, err
		}
		d := kg.Incoming
		if outgoing {
			d = kg.Outgoing
		}
		if counts[id] == nil {
			counts[id] = map[kg.RelCount]int{}
		}
		counts[id][kg.RelCount{Type: kg.RelationshipType(typ), Direction: d}] += int(n)
	}
	for i, id := range ids {
		out[i] = kg.SortRelCounts(counts[id])
	}
	return out, ctx.Err()
}

// keepPartial lets an answer that its work budget cut short leave the read transaction as an
// answer: it keeps such an error in over for the caller to return beside the partial answer, and
// returns nil; any other error it returns, to fail the transaction.
func keepPartial(err error, over *error) error {
	if errors.Is(err, kg.ErrTooComplex) {
		*over = err
		return nil
	}
	return err
}
