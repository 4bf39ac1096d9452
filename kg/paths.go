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

// CheckConnectionIDs returns an ErrInvalid error unless a connections request names 1 to
// MaxConnectionIDs entities; stores call it before they read the entities.
func CheckConnectionIDs(n int) error {
	if n < 1 || n > MaxConnectionIDs {
		return Errorf(ErrInvalid, "connections takes 1..%d ids, got %d", MaxConnectionIDs, n)
	}
	return nil
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
// entities it fetched, seen from both ends. Entities are numbered in the order they are met, and
// the search works on those numbers, so that a partial path costs a few words whatever the
// entities hold.
type localGraph struct {
	q       PathsQuery
	adj     AdjacencyFunc
	budget  *Budget
	index   map[string]int32
	ents    []Entity
	rels    []Relationship
	edges   [][]step        // per entity, both ends, deduplicated by relationship key
	seen    map[string]bool // relationship keys in rels
	fetched []bool
}

// step is one relationship of an entity seen from it: the relationship and the entity at its other
// end, by number.
type step struct {
	rel   int32
	other int32
}

func newLocalGraph(q PathsQuery, adj AdjacencyFunc, budget *Budget) *localGraph {
	return &localGraph{q: q, adj: adj, budget: budget, index: map[string]int32{}, seen: map[string]bool{}}
}

// add numbers e if it is new, and returns its number.
func (g *localGraph) add(e Entity) int32 {
	if i, ok := g.index[e.ID]; ok {
		return i
	}
	i := int32(len(g.ents))
	g.index[e.ID] = i
	g.ents = append(g.ents, e)
	g.edges = append(g.edges, nil)
	g.fetched = append(g.fetched, false)
	return i
}

func (g *localGraph) follows(r Relationship) bool {
	return (len(g.q.Types) == 0 || slices.Contains(g.q.Types, r.Type)) && !slices.Contains(g.q.ExcludeTypes, r.Type)
}

// fetch reads the relationships of the entities not read yet and returns the new entities found.
// Every relationship read is charged to the budget.
func (g *localGraph) fetch(ctx context.Context, nums []int32) ([]int32, error) {
	var want []string
	for _, i := range nums {
		if !g.fetched[i] {
			g.fetched[i] = true
			want = append(want, g.ents[i].ID)
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	got, err := g.adj(ctx, want, g.q.Types)
	if err != nil {
		return nil, err
	}
	var next []int32
	for _, id := range want {
		if err := g.budget.Spend(len(got[id])); err != nil {
			return nil, err
		}
		for _, n := range got[id] {
			if !g.follows(n.Rel) {
				continue
			}
			if _, ok := g.index[n.Other.ID]; !ok {
				next = append(next, g.add(n.Other))
			}
			if k := n.Rel.Key(); !g.seen[k] {
				g.seen[k] = true
				r := int32(len(g.rels))
				g.rels = append(g.rels, n.Rel)
				a, b := g.index[n.Rel.From], g.index[n.Rel.To]
				g.edges[a] = append(g.edges[a], step{rel: r, other: b})
				if a != b {
					g.edges[b] = append(g.edges[b], step{rel: r, other: a})
				}
			}
		}
	}
	return next, nil
}

// ball reads the relationships of every entity within depth-1 relationships of start, so that
// every relationship within depth of it is known.
func (g *localGraph) ball(ctx context.Context, start int32, depth int) error {
	frontier := []int32{start}
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

// sortEdges puts every adjacency list in the order the stores list adjacency.
func (g *localGraph) sortEdges() {
	for i, list := range g.edges {
		id := g.ents[i].ID
		slices.SortFunc(list, func(a, b step) int { return g.compareSteps(id, a, b) })
	}
}

// load reads what a search between from and to within maxHops needs: a path of L hops has its
// first ceil(L/2) relationships within ceil(L/2) of from and the others within floor(L/2) of to.
func (g *localGraph) load(ctx context.Context, from, to Entity, maxHops int) error {
	a, b := g.add(from), g.add(to)
	if err := g.ball(ctx, a, (maxHops+1)/2); err != nil {
		return err
	}
	if err := g.ball(ctx, b, maxHops/2); err != nil {
		return err
	}
	g.sortEdges()
	return nil
}

// compareSteps orders the relationships of id as the stores order adjacency: type, then the
// other end's id, outgoing first.
func (g *localGraph) compareSteps(id string, a, b step) int {
	ra, rb := &g.rels[a.rel], &g.rels[b.rel]
	return cmp.Or(
		cmp.Compare(ra.Type, rb.Type),
		strings.Compare(g.ents[a.other].ID, g.ents[b.other].ID),
		cmp.Compare(boolInt(ra.From != id), boolInt(rb.From != id)),
	)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// distances returns the number of relationships from every known entity to i; -1 for those that
// no relationship read joins to it.
func (g *localGraph) distances(i int32) []int {
	d := make([]int, len(g.ents))
	for k := range d {
		d[k] = -1
	}
	d[i] = 0
	frontier := []int32{i}
	for len(frontier) > 0 {
		var next []int32
		for _, u := range frontier {
			for _, s := range g.edges[u] {
				if d[s.other] < 0 {
					d[s.other] = d[u] + 1
					next = append(next, s.other)
				}
			}
		}
		frontier = next
	}
	return d
}

// stepCost is the cost of following s into its other end, which is the path's end when last.
func (g *localGraph) stepCost(s step, last bool) int {
	c := StepCost
	if g.q.AnyLink {
		return c
	}
	if slices.Contains(ProvenanceTypes, g.rels[s.rel].Type) {
		c += DetourCost
	}
	if !last && IsHub(g.ents[s.other].Type) {
		c += DetourCost
	}
	return c
}

// partial is a path being extended by the search: its last step, and the partial path it extends
// (by its place in the search's list of partial paths; -1 for a path of no step).
type partial struct {
	at     int32 // the entity the path ends at
	via    int32 // the relationship of the last step; -1 for none
	parent int32
	hops   int32
	cost   int32
	bound  int32 // cost plus the least cost to the end
}

// search is the state of one best-first search: every partial path made, in the order made, and
// the queue of those not extended yet, by their place in that list.
type search struct {
	paths []partial
	queue []int32
}

func (s *search) Len() int { return len(s.queue) }
func (s *search) Less(i, j int) bool {
	a, b := &s.paths[s.queue[i]], &s.paths[s.queue[j]]
	if a.bound != b.bound {
		return a.bound < b.bound
	}
	if a.hops != b.hops {
		return a.hops > b.hops // deeper first: complete paths sooner
	}
	return s.queue[i] < s.queue[j] // made first
}
func (s *search) Swap(i, j int) { s.queue[i], s.queue[j] = s.queue[j], s.queue[i] }
func (s *search) Push(x any)    { s.queue = append(s.queue, x.(int32)) }
func (s *search) Pop() any {
	n := len(s.queue) - 1
	p := s.queue[n]
	s.queue = s.queue[:n]
	return p
}

// push adds a partial path to the search, charging it to the budget.
func (s *search) push(p partial, budget *Budget) error {
	if err := budget.Spend(1); err != nil {
		return err
	}
	s.paths = append(s.paths, p)
	heap.Push(s, int32(len(s.paths)-1))
	return nil
}

// visits reports whether the partial path p passes through entity v.
func (s *search) visits(p int32, v int32) bool {
	for ; p >= 0; p = s.paths[p].parent {
		if s.paths[p].at == v {
			return true
		}
	}
	return false
}

// best returns up to k simple paths from one of starts to to, of at most maxHops relationships,
// least cost first; paths of equal cost (which, with hops at most
// MaxHops < DetourCost, have the same length and number of detours) come in the order the search
// meets them, which depends only on the adjacency order, so every store returns the same. It is an
// A* search: the bound of a partial path adds StepCost per relationship still needed, which never
// overestimates, so complete paths come out in order of cost. Each partial path kept costs a unit
// of the budget; when the budget is spent, best returns the paths found so far with the error.
func (g *localGraph) best(starts []int32, to int32, maxHops, k int) ([][]step, error) {
	dist := g.distances(to)
	var out [][]step
	s := &search{}
	for _, st := range starts {
		if d := dist[st]; d >= 0 && d <= maxHops {
			if err := s.push(partial{at: st, via: -1, parent: -1, bound: int32(d * StepCost)}, g.budget); err != nil {
				return out, err
			}
		}
	}
	for s.Len() > 0 && len(out) < k {
		pi := heap.Pop(s).(int32)
		p := s.paths[pi]
		if p.at == to {
			out = append(out, s.steps(pi))
			continue
		}
		for _, st := range g.edges[p.at] {
			v := st.other
			d := dist[v]
			if d < 0 || int(p.hops)+1+d > maxHops || s.visits(pi, v) {
				continue
			}
			cost := p.cost + int32(g.stepCost(st, v == to))
			next := partial{at: v, via: st.rel, parent: pi, hops: p.hops + 1, cost: cost, bound: cost + int32(d*StepCost)}
			if err := s.push(next, g.budget); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// steps returns the steps of partial path p from its start, with the start as a step of no
// relationship.
func (s *search) steps(p int32) []step {
	var out []step
	for ; p >= 0; p = s.paths[p].parent {
		out = append(out, step{rel: s.paths[p].via, other: s.paths[p].at})
	}
	slices.Reverse(out)
	return out
}

// path copies the entities and relationships of the steps of a found path.
func (g *localGraph) path(steps []step) Path {
	out := Path{}
	for _, s := range steps {
		out.Nodes = append(out.Nodes, g.ents[s.other].Clone())
		if s.rel >= 0 {
			out.Relationships = append(out.Relationships, g.rels[s.rel].Clone())
		}
	}
	return out
}

// FindPaths returns up to q.First paths between from and to, best first: by default those made of
// relationships that state something before those through provenance links or hubs, then the
// shortest; with q.AnyLink, the shortest. Stores call it with their own adjacency. The search
// does at most PathWork units of work: past that, it returns the paths found so far with an
// error wrapping ErrTooComplex. It stops with the context's error when ctx is done.
func FindPaths(ctx context.Context, from, to Entity, q PathsQuery, adj AdjacencyFunc) ([]Path, error) {
	if err := CheckPathsQuery(q); err != nil {
		return nil, err
	}
	if from.ID == to.ID {
		return []Path{{Nodes: []Entity{from.Clone()}}}, ctx.Err()
	}
	g := newLocalGraph(q, adj, NewBudget(ctx, "the path search", PathWork))
	if err := g.load(ctx, from, to, q.MaxHops); err != nil {
		return nil, err
	}
	found, err := g.best([]int32{g.index[from.ID]}, g.index[to.ID], q.MaxHops, q.First)
	var out []Path
	for _, p := range found {
		out = append(out, g.path(p))
	}
	if err != nil {
		return out, err
	}
	return out, ctx.Err()
}

// Connect returns a small subgraph that links the entities ents within maxHops of each other,
// with the preference of FindPaths: starting from the first entity, it adds, for each other
// entity in turn, the best path from it to any entity already linked. An entity that no path
// reaches is left alone in the subgraph. All the searches together do at most ConnectionWork
// units of work: past that, Connect returns the subgraph linked so far, with every entity asked
// for, and an error wrapping ErrTooComplex.
func Connect(ctx context.Context, ents []Entity, q PathsQuery, adj AdjacencyFunc) (Subgraph, error) {
	q.First = 1
	if err := CheckPathsQuery(q); err != nil {
		return Subgraph{}, err
	}
	if err := CheckConnectionIDs(len(ents)); err != nil {
		return Subgraph{}, err
	}
	g := newLocalGraph(q, adj, NewBudget(ctx, "the connections search", ConnectionWork))
	nums := make([]int32, len(ents))
	for i, e := range ents {
		nums[i] = g.add(e)
	}
	sub := Subgraph{}
	inTree := map[int32]bool{}
	addNode := func(i int32) {
		if !inTree[i] {
			inTree[i] = true
			sub.Nodes = append(sub.Nodes, g.ents[i].Clone())
		}
	}
	relSeen := map[int32]bool{}
	addNode(nums[0])
	// alone adds the entities not linked yet, so that an answer cut short still holds them all.
	alone := func(err error) (Subgraph, error) {
		for _, i := range nums {
			addNode(i)
		}
		return sub, err
	}
	// Every relationship within ceil(maxHops/2) of each given entity: every path of at most
	// maxHops between two of them is known. Paths to the entities a previous path added are
	// searched among the relationships known.
	for _, i := range nums {
		if err := g.ball(ctx, i, (q.MaxHops+1)/2); err != nil {
			return alone(err)
		}
	}
	g.sortEdges()
	var tree []int32
	for _, i := range nums[1:] {
		if inTree[i] {
			continue
		}
		tree = tree[:0]
		for _, n := range sub.Nodes {
			tree = append(tree, g.index[n.ID])
		}
		// Search from the tree to i: the path's cost is the same either way.
		found, err := g.best(tree, i, q.MaxHops, 1)
		if err != nil {
			return alone(err)
		}
		if len(found) == 0 {
			addNode(i)
			continue
		}
		for _, s := range found[0] {
			addNode(s.other)
			if s.rel >= 0 && !relSeen[s.rel] {
				relSeen[s.rel] = true
				sub.Relationships = append(sub.Relationships, g.rels[s.rel].Clone())
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
