package kg

import "context"

// Hop is one relationship of an entity met by a neighbourhood walk, in the terms of the store
// that walks: R names the relationship, N the entity at its other end (an index, an id).
type Hop[N, R comparable] struct {
	Rel   R
	Other N
}

// HopsFunc returns, for each entity of frontier in order, its relationships of types (all of them
// when types is empty) in adjacency order (CompareAdjacent), each with the entity at its other end.
type HopsFunc[N, R comparable] func(ctx context.Context, frontier []N, types []RelationshipType) ([][]Hop[N, R], error)

// Walked is what a neighbourhood walk kept: the entities in the order met, the centre first, and
// the relationships between them in the order read.
type Walked[N, R comparable] struct {
	Nodes         []N
	Relationships []R
	// Truncated reports that the limit of nodes left out some entity within reach.
	Truncated bool
}

// Walk is the neighbourhood walk of every store: breadth first from centre, ignoring direction,
// level by level in adjacency order, keeping every entity met until q.Limit entities (the centre
// counts) are kept, and every relationship between kept entities met on the way. Stores give it
// their adjacency and turn the result into entities.
//
// The relationships read are charged to a budget of NeighborhoodWork units: past it, Walk returns
// what it kept so far, marked truncated, with an error wrapping ErrTooComplex. It stops with the
// context's error when ctx is done.
func Walk[N, R comparable](ctx context.Context, centre N, q NeighborhoodQuery, hops HopsFunc[N, R]) (Walked[N, R], error) {
	w := Walked[N, R]{Nodes: []N{centre}}
	budget := NewBudget(ctx, "the neighbourhood walk", NeighborhoodWork)
	seen := map[N]bool{centre: true}
	relSeen := map[R]bool{}
	frontier := []N{centre}
	for depth := 0; depth < q.Depth && len(frontier) > 0; depth++ {
		lists, err := hops(ctx, frontier, q.Types)
		if err != nil {
			return w, err
		}
		var next []N
		for _, list := range lists {
			if err := budget.Spend(len(list)); err != nil {
				w.Truncated = true
				return w, err
			}
			for _, h := range list {
				if !seen[h.Other] {
					if len(w.Nodes) >= q.Limit {
						w.Truncated = true
						continue
					}
					seen[h.Other] = true
					w.Nodes = append(w.Nodes, h.Other)
					next = append(next, h.Other)
				}
				if !relSeen[h.Rel] {
					relSeen[h.Rel] = true
					w.Relationships = append(w.Relationships, h.Rel)
				}
			}
		}
		frontier = next
	}
	return w, ctx.Err()
}
