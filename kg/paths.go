package kg

import (
	"cmp"
	"container/heap"
	"context"
	"slices"
	"strings"
)

// Limits of the path queries.
const (
	// MaxPaths is the most paths one request may ask for.
	MaxPaths = 10
	// MaxConnectionIDs is the most entities a connections request may link.
	MaxConnectionIDs = 10
	// maxPathExpansions bounds the work of one path search: the search stops with the paths it
	// has found after this many partial paths.
	maxPathExpansions = 200_000
)

// Costs of the explained-path search. A relationship costs StepCost; a provenance relationship
// (ProvenanceTypes) and a step into a hub (an intermediate Session, Event or Document) each add
// DetourCost, so a path of relationships that state something, up to MaxHops long, comes before
// any path through a provenance link or a hub.
const (
	StepCost   = 1
	DetourCost = 10
)

// ProvenanceTypes are the relationship types that say where something was said rather than what:
// a path through them reads as "both were mentioned in the same place".
var ProvenanceTypes = []RelationshipType{"DISCUSSED_IN", "ABOUT", "PRESENTED_AT", "REPORTS_ON"}

// IsHub reports whether a path through an entity of type t says little: sessions, events and
// documents link everything that was said in them.
func IsHub(t EntityType) bool { return t == Session || t == Event || t == Document }

// PathsQuery asks for the k best paths between two entities.
type PathsQuery struct {
	// MaxHops is the largest number of relationships a path may have.
	MaxHops int
	// First is the number of paths wanted.
	First int
	// Types restricts the paths to these relationship types when non-empty; ExcludeTypes leaves
	// these types out.
	Types        []RelationshipType
	ExcludeTypes []RelationshipType
	// AnyLink turns off the preference for relationships that state something: every
	// relationship then costs the same, and paths are the k shortest.
	AnyLink bool
}

// CheckPathsQuery returns an ErrInvalid error if q cannot be served.
func CheckPathsQuery(q PathsQuery) error {
	if q.MaxHops < 1 || q.MaxHops > MaxHops {
		return Errorf(ErrInvalid, "maxHops %d is outside 1..%d", q.MaxHops, MaxHops)
	}
	if q.First < 1 || q.First > MaxPaths {
		return Errorf(ErrInvalid, "first %d is outside 1..%d", q.First, MaxPaths)
	}
	if err := CheckRelTypes(q.Types); err != nil {
		return err
	}
	return CheckRelTypes(q.ExcludeTypes)
}

// Neighbor is one relationship of an entity, with the entity at its other end.
type Neighbor struct {
	Rel   Relationship
	Other Entity
}

// AdjacencyFunc returns the relationships of each entity in ids, with the entity at the other
// end, following only types when it is not empty. Stores implement it over their own data; the
// path searches below call it once per level of a breadth-first walk.
type AdjacencyFunc func(ctx context.Context, ids []string, types []RelationshipType) (map[string][]Neighbor, error)

// localGraph is the part of the graph a path search has read: every relationship of the
// entities it fetched, seen from both ends.
type localGraph struct {
	q        PathsQuery
	adj      AdjacencyFunc
	entities map[string]Entity
	edges    map[string][]Neighbor // both ends, deduplicated by relationship key
	seen     map[string]bool       // relationship keys in edges
	fetched  map[string]bool
}

func newLocalGraph(q PathsQuery, adj AdjacencyFunc) *localGraph {
	return &localGraph{q: q, adj: adj, entities: map[string]Entity{}, edges: map[string][]Neighbor{}, seen: map[string]bool{}, fetched: map[string]bool{}}
}

func (g *localGraph) follows(r Relationship) bool {
	return (len(g.q.Types) == 0 || slices.Contains(g.q.Types, r.Type)) && !slices.Contains(g.q.ExcludeTypes, r.Type)
}

// fetch reads the relationships of the ids not read yet and returns the new entities found.
func (g *localGraph) fetch(ctx context.Context, ids []string) ([]string, error) {
	var want []string
	for _, id := range ids {
		if !g.fetched[id] {
			g.fetched[id] = true
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	got, err := g.adj(ctx, want, g.q.Types)
	if err != nil {
		return nil, err
	}
	var next []string
	for _, id := range want {
		for _, n := range got[id] {
			if !g.follows(n.Rel) {
				continue
			}
			if _, ok := g.entities[n.Other.ID]; !ok {
				g.entities[n.Other.ID] = n.Other
				next = append(next, n.Other.ID)
			}
			if k := n.Rel.Key(); !g.seen[k] {
				g.seen[k] = true
				a, b := n.Rel.From, n.Rel.To
				g.edges[a] = append(g.edges[a], Neighbor{Rel: n.Rel, Other: g.entities[b]})
				if a != b {
					g.edges[b] = append(g.edges[b], Neighbor{Rel: n.Rel, Other: g.entities[a]})
				}
			}
		}
	}
	return next, nil
}

// ball reads the relationships of every entity within depth-1 relationships of start, so that
// every relationship within depth of it is known.
func (g *localGraph) ball(ctx context.Context, start string, depth int) error {
	frontier := []string{start}
	for range depth {
		if len(frontier) == 0 {
			return nil
		}
		next, err := g.fetch(ctx, frontier)
		if err != nil {
			return err
		}
		frontier = next
	}
	return nil
}

// load reads what a search between from and to within maxHops needs: a path of L hops has its
// first ceil(L/2) relationships within ceil(L/2) of from and the others within floor(L/2) of to.
func (g *localGraph) load(ctx context.Context, from, to Entity, maxHops int) error {
	g.entities[from.ID], g.entities[to.ID] = from, to
	if err := g.ball(ctx, from.ID, (maxHops+1)/2); err != nil {
		return err
	}
	if err := g.ball(ctx, to.ID, maxHops/2); err != nil {
		return err
	}
	for id, list := range g.edges {
		slices.SortFunc(list, func(a, b Neighbor) int { return compareSteps(id, a, b) })
	}
	return nil
}

// compareSteps orders the relationships of id as the stores order adjacency: type, then the
// other end's id, outgoing first.
func compareSteps(id string, a, b Neighbor) int {
	return cmp.Or(
		cmp.Compare(a.Rel.Type, b.Rel.Type),
		strings.Compare(a.Other.ID, b.Other.ID),
		cmp.Compare(boolInt(a.Rel.From != id), boolInt(b.Rel.From != id)),
	)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// distances returns the number of relationships from every known entity to id.
func (g *localGraph) distances(id string) map[string]int {
	d := map[string]int{id: 0}
	frontier := []string{id}
	for len(frontier) > 0 {
		var next []string
		for _, u := range frontier {
			for _, n := range g.edges[u] {
				if _, ok := d[n.Other.ID]; !ok {
					d[n.Other.ID] = d[u] + 1
					next = append(next, n.Other.ID)
				}
			}
		}
		frontier = next
	}
	return d
}

// stepCost is the cost of following n into its other end, which is the path's end when last.
func (g *localGraph) stepCost(n Neighbor, last bool) int {
	c := StepCost
	if g.q.AnyLink {
		return c
	}
	if slices.Contains(ProvenanceTypes, n.Rel.Type) {
		c += DetourCost
	}
	if !last && IsHub(n.Other.Type) {
		c += DetourCost
	}
	return c
}

// partial is a path being extended by the search.
type partial struct {
	nodes []string
	steps []Neighbor
	cost  int
	bound int // cost plus the least cost to the end
	order int // insertion order, for a stable queue
}

type queue []*partial

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if q[i].bound != q[j].bound {
		return q[i].bound < q[j].bound
	}
	if len(q[i].steps) != len(q[j].steps) {
		return len(q[i].steps) > len(q[j].steps) // deeper first: complete paths sooner
	}
	return q[i].order < q[j].order
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(*partial)) }
func (q *queue) Pop() any {
	old := *q
	p := old[len(old)-1]
	*q = old[:len(old)-1]
	return p
}

// best returns up to k simple paths from one of starts to to, of at most maxHops relationships,
// least cost first; paths of equal cost (which, with hops at most
// MaxHops < DetourCost, have the same length and number of detours) come in the order the search
// meets them, which depends only on the adjacency order, so every store returns the same. It is an
// A* search: the bound of a partial path adds StepCost per relationship still needed, which never
// overestimates, so complete paths come out in order of cost.
func (g *localGraph) best(starts []string, to string, maxHops, k int) []partial {
	dist := g.distances(to)
	var out []partial
	q := &queue{}
	order := 0
	for _, s := range starts {
		if d, ok := dist[s]; ok && d <= maxHops {
			heap.Push(q, &partial{nodes: []string{s}, bound: d * StepCost, order: order})
			order++
		}
	}
	for n := 0; q.Len() > 0 && len(out) < k && n < maxPathExpansions; n++ {
		p := heap.Pop(q).(*partial)
		u := p.nodes[len(p.nodes)-1]
		if u == to {
			out = append(out, *p)
			continue
		}
		for _, nb := range g.edges[u] {
			v := nb.Other.ID
			d, ok := dist[v]
			if !ok || len(p.steps)+1+d > maxHops || slices.Contains(p.nodes, v) {
				continue
			}
			cost := p.cost + g.stepCost(nb, v == to)
			heap.Push(q, &partial{
				nodes: append(slices.Clip(p.nodes), v),
				steps: append(slices.Clip(p.steps), nb),
				cost:  cost,
				bound: cost + d*StepCost,
				order: order,
			})
			order++
		}
	}
	return out
}

func (g *localGraph) path(p partial) Path {
	out := Path{}
	for _, id := range p.nodes {
		out.Nodes = append(out.Nodes, g.entities[id].Clone())
	}
	for _, s := range p.steps {
		out.Relationships = append(out.Relationships, s.Rel.Clone())
	}
	return out
}

// FindPaths returns up to q.First paths between from and to, best first: by default those made of
// relationships that state something before those through provenance links or hubs, then the
// shortest; with q.AnyLink, the shortest. Stores call it with their own adjacency.
func FindPaths(ctx context.Context, from, to Entity, q PathsQuery, adj AdjacencyFunc) ([]Path, error) {
	if err := CheckPathsQuery(q); err != nil {
		return nil, err
	}
	if from.ID == to.ID {
		return []Path{{Nodes: []Entity{from.Clone()}}}, ctx.Err()
	}
	g := newLocalGraph(q, adj)
	if err := g.load(ctx, from, to, q.MaxHops); err != nil {
		return nil, err
	}
	var out []Path
	for _, p := range g.best([]string{from.ID}, to.ID, q.MaxHops, q.First) {
		out = append(out, g.path(p))
	}
	return out, ctx.Err()
}

// Connect returns a small subgraph that links the entities ents within maxHops of each other,
// with the preference of FindPaths: starting from the first entity, it adds, for each other
// entity in turn, the best path from it to any entity already linked. An entity that no path
// reaches is left alone in the subgraph.
func Connect(ctx context.Context, ents []Entity, q PathsQuery, adj AdjacencyFunc) (Subgraph, error) {
	q.First = 1
	if err := CheckPathsQuery(q); err != nil {
		return Subgraph{}, err
	}
	if len(ents) < 1 || len(ents) > MaxConnectionIDs {
		return Subgraph{}, Errorf(ErrInvalid, "connections takes 1..%d ids, got %d", MaxConnectionIDs, len(ents))
	}
	g := newLocalGraph(q, adj)
	for _, e := range ents {
		g.entities[e.ID] = e
	}
	// Every relationship within ceil(maxHops/2) of each given entity: every path of at most
	// maxHops between two of them is known. Paths to the entities a previous path added are
	// searched among the relationships known.
	for _, e := range ents {
		if err := g.ball(ctx, e.ID, (q.MaxHops+1)/2); err != nil {
			return Subgraph{}, err
		}
	}
	for id, list := range g.edges {
		slices.SortFunc(list, func(a, b Neighbor) int { return compareSteps(id, a, b) })
	}
	sub := Subgraph{}
	inTree := map[string]bool{}
	addNode := func(id string) {
		if !inTree[id] {
			inTree[id] = true
			sub.Nodes = append(sub.Nodes, g.entities[id].Clone())
		}
	}
	relSeen := map[string]bool{}
	addNode(ents[0].ID)
	for _, e := range ents[1:] {
		if inTree[e.ID] {
			continue
		}
		var tree []string
		for _, n := range sub.Nodes {
			tree = append(tree, n.ID)
		}
		// Search from the tree to e: the path's cost is the same either way.
		found := g.best(tree, e.ID, q.MaxHops, 1)
		if len(found) == 0 {
			addNode(e.ID)
			continue
		}
		for _, id := range found[0].nodes {
			addNode(id)
		}
		for _, s := range found[0].steps {
			if k := s.Rel.Key(); !relSeen[k] {
				relSeen[k] = true
				sub.Relationships = append(sub.Relationships, s.Rel.Clone())
			}
		}
	}
	return sub, ctx.Err()
}

// SortRelCounts turns counts keyed by type and direction (with Count zero in the key) into a
// list ordered by type, outgoing first.
func SortRelCounts(counts map[RelCount]int) []RelCount {
	out := []RelCount{}
	for k, n := range counts {
		k.Count = n
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b RelCount) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Direction, b.Direction))
	})
	return out
}
