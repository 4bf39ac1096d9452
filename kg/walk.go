package kg

import "context"

// Hop is one relationship of an entity met by a neighbourhood walk, in the terms of the store
// that walks: R names the relationship, N the entity at its other end (an index, an id).
type Hop[N, R comparable] struct {
	Rel   R
	Other N
}

// Level is what a neighbourhood walk asks of one level: the relationships of the entities of
// Frontier, of Types (all of them when Types is empty), that it can keep.
type Level[N comparable] struct {
	Frontier []N
	Types    []RelationshipType
	// Kept holds the entities the walk has kept so far, in order (the frontier among them);
	// IsKept reports whether an entity is one of them.
	Kept   []N
	IsKept func(N) bool
	// Room is how many more entities the walk may keep.
	Room int
}

// HopsFunc returns, for each entity of l.Frontier in order, its relationships of l.Types in
// adjacency order (CompareAdjacent), each with the entity at its other end, keeping only the
// relationships the walk keeps: those whose other end is kept already (l.IsKept) or is one of the
// first l.Room other entities met, frontier entity after frontier entity, each in adjacency order.
// It reports whether it left out a relationship to some other entity beyond those (more). A
// store need not send, nor read, what the walk would drop: a hub's thousands of neighbours beyond
// the limit.
type HopsFunc[N, R comparable] func(ctx context.Context, l Level[N]) (lists [][]Hop[N, R], more bool, err error)

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
// their adjacency, cut to what the walk keeps (HopsFunc), and turn the result into entities.
//
// The relationships the store hands over are charged to a budget of NeighborhoodWork units: past
// it, Walk returns what it kept so far, marked truncated, with an error wrapping ErrTooComplex. It
// stops with the context's error when ctx is done.
func Walk[N, R comparable](ctx context.Context, centre N, q NeighborhoodQuery, hops HopsFunc[N, R]) (Walked[N, R], error) {
	w := Walked[N, R]{Nodes: []N{centre}}
	budget := NewBudget(ctx, "the neighbourhood walk", NeighborhoodWork)
	seen := map[N]bool{centre: true}
	relSeen := map[R]bool{}
	frontier := []N{centre}
	for depth := 0; depth < q.Depth && len(frontier) > 0; depth++ {
		lists, more, err := hops(ctx, Level[N]{
			Frontier: frontier, Types: q.Types, Kept: w.Nodes,
			IsKept: func(n N) bool { return seen[n] }, Room: q.Limit - len(w.Nodes),
		})
		if err != nil {
			return w, err
		}
		w.Truncated = w.Truncated || more
		var next []N
		for _, list := range lists {
			if err := budget.Spend(len(list)); err != nil {
				w.Truncated = true
				return w, err
			}
			for _, h := range list {
				if !seen[h.Other] {
					if len(w.Nodes) >= q.Limit {
						// A store that cut its lists as HopsFunc says never gets here.
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
