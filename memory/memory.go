// Package memory implements kg.Store in process memory. It is the default store: it needs no
// server, indexes the seed data in milliseconds (New, from kg values), and answers from indexes built at load time (by id,
// adjacency per entity in both directions, the texts that search matches as numbered words of a
// lexicon, and for each word the entities that hold it, so that a search scores only those).
//
// A Store never changes once New has built it, so it is safe for concurrent use without a lock.
// To serve new data, build a new Store.
//
// Results share memory with the store: the entities, relationships, aliases and evidence that
// methods return point into its indexes, so that a lookup costs no copy. Callers must not modify
// them. Slices of results (pages, subgraphs, paths) are new for each call.
package memory

import (
	"cmp"
	"context"
	"fmt"
	"math"
	mathbits "math/bits"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Store is an immutable in-memory kg.Store.
type Store struct {
	version  string
	entities []kg.Entity      // sorted by id
	index    map[string]int32 // id to position in entities
	byType   map[kg.EntityType][]int32
	rels     []kg.Relationship
	adj      [][]adj        // per entity, in kg.CompareAdjacent order
	search   []kg.SearchDoc // per entity, its words numbered in lexicon
	lexicon  *kg.Lexicon
	// The entities that hold word w of the lexicon are postings[starts[w]:starts[w+1]], in
	// order.
	starts   []int32
	postings []int32
}

var _ kg.Store = (*Store)(nil)

// adj is one relationship seen from one of its ends.
type adj struct {
	rel      int32 // index into Store.rels
	other    int32 // index into Store.entities
	outs     int32 // outgoing relationships before this one in its list
	outgoing bool
}

// New returns a store holding the given entities and relationships. version identifies the data.
// It fails if two entities share an id or a relationship names an entity that does not exist.
// The store keeps the slices of entities and rels (aliases, evidence) without copying them: the
// caller must not change them afterwards.
//
// Once the entities are sorted, the search index (which needs only the entities) and the
// adjacency lists (which need the index by id) are built at the same time, each of them on every
// processor, so that the serial parts of one run beside the other.
func New(entities []kg.Entity, rels []kg.Relationship, version string) (*Store, error) {
	s := &Store{version: version, rels: rels}
	if err := s.sortEntities(entities); err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Go(s.indexSearch)
	wg.Go(s.indexTypes)
	err := s.indexAdjacency()
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return s, nil
}

// sortEntities sets s.entities to a copy of entities sorted by id. Each processor sorts a share
// of (id, position) pairs, which are compact where an entity is hundreds of bytes, then the
// sorted shares are merged. It fails if two entities share an id.
func (s *Store) sortEntities(entities []kg.Entity) error {
	type key struct {
		id  string
		pos int32
	}
	byID := func(a, b key) int { return strings.Compare(a.id, b.id) }
	keys := make([]key, len(entities))
	var shares [][]key
	var mu sync.Mutex
	parallel(len(entities), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i] = key{entities[i].ID, int32(i)}
		}
		slices.SortFunc(keys[lo:hi], byID)
		mu.Lock()
		shares = append(shares, keys[lo:hi])
		mu.Unlock()
	})
	// Merge the shares two by two; the order in which they are merged does not matter, as
	// ids that differ have one order.
	for len(shares) > 1 {
		a, b := shares[0], shares[1]
		merged := make([]key, 0, len(a)+len(b))
		for len(a) > 0 && len(b) > 0 {
			if byID(a[0], b[0]) <= 0 {
				merged, a = append(merged, a[0]), a[1:]
			} else {
				merged, b = append(merged, b[0]), b[1:]
			}
		}
		merged = append(append(merged, a...), b...)
		shares = append(shares[2:], merged)
	}
	if len(shares) == 1 {
		keys = shares[0]
	}
	for i := 1; i < len(keys); i++ {
		if keys[i-1].id == keys[i].id {
			return fmt.Errorf("memory: duplicate entity %q", keys[i].id)
		}
	}
	s.entities = make([]kg.Entity, len(entities))
	parallel(len(keys), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			e := &s.entities[i]
			*e = entities[keys[i].pos]
			if e.Aliases == nil {
				e.Aliases = []string{}
			}
		}
	})
	return nil
}

// indexTypes builds the positions of the entities of each type.
func (s *Store) indexTypes() {
	s.byType = map[kg.EntityType][]int32{}
	for i := range s.entities {
		t := s.entities[i].Type
		s.byType[t] = append(s.byType[t], int32(i))
	}
}

// indexAdjacency builds the index by id and the adjacency list of each entity, in
// kg.CompareAdjacent order. It fails if a relationship names an entity that does not exist.
func (s *Store) indexAdjacency() error {
	s.index = make(map[string]int32, len(s.entities))
	for i := range s.entities {
		s.index[s.entities[i].ID] = int32(i)
	}
	// Relationship types are compared by their rank among the types present.
	var types []kg.RelationshipType
	rank := map[kg.RelationshipType]int32{}
	for i := range s.rels {
		if t := s.rels[i].Type; rank[t] == 0 {
			rank[t] = 1
			types = append(types, t)
		}
	}
	slices.Sort(types)
	for i, t := range types {
		rank[t] = int32(i)
	}
	// Each relationship's ends and type rank, looked up on every processor.
	ends := make([][2]int32, len(s.rels))
	ranks := make([]int32, len(s.rels))
	missing := make([]int, runtime.GOMAXPROCS(0)) // per processor, 1 + a relationship with an unknown end
	parallel(len(s.rels), func(w, lo, hi int) {
		for i, r := range s.rels[lo:hi] {
			from, okFrom := s.index[r.From]
			to, okTo := s.index[r.To]
			if !okFrom || !okTo {
				missing[w] = lo + i + 1
				return
			}
			ends[lo+i] = [2]int32{from, to}
			ranks[lo+i] = rank[r.Type]
		}
	})
	for _, m := range missing {
		if m > 0 {
			r := s.rels[m-1]
			return fmt.Errorf("memory: relationship %s from %q to %q: endpoint does not exist", r.Type, r.From, r.To)
		}
	}
	// The adjacency lists share one array: count each entity's relationships, then each
	// processor places and sorts the lists of a share of the entities.
	degree := make([]int32, len(s.entities)+1)
	for _, e := range ends {
		degree[e[0]+1]++
		degree[e[1]+1]++
	}
	for i := range s.entities {
		degree[i+1] += degree[i]
	}
	all := make([]adj, 2*len(s.rels))
	s.adj = make([][]adj, len(s.entities))
	// Entities are sorted by id, so comparing positions compares ids; ties (the same type,
	// ends and direction) keep the order of the relationships.
	compare := func(a, b adj) int {
		return cmp.Or(
			cmp.Compare(ranks[a.rel], ranks[b.rel]),
			cmp.Compare(a.other, b.other),
			kg.CompareOutgoing(a.outgoing, b.outgoing),
			cmp.Compare(a.rel, b.rel),
		)
	}
	parallel(len(s.adj), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			s.adj[i] = all[degree[i]:degree[i]:degree[i+1]]
		}
		for i, e := range ends {
			if from := int(e[0]); from >= lo && from < hi {
				s.adj[from] = append(s.adj[from], adj{rel: int32(i), other: e[1], outgoing: true})
			}
			if to := int(e[1]); to >= lo && to < hi {
				s.adj[to] = append(s.adj[to], adj{rel: int32(i), other: e[0], outgoing: false})
			}
		}
		for _, list := range s.adj[lo:hi] {
			slices.SortFunc(list, compare)
			outs := int32(0)
			for i := range list {
				list[i].outs = outs
				if list[i].outgoing {
					outs++
				}
			}
		}
	})
	return nil
}

// indexSearch builds the search documents of every entity, each processor numbering the words of
// a share of the entities in a lexicon of its own (folding and stemming each distinct word once),
// then one lexicon for all, and the postings of each word: the entities that hold it.
func (s *Store) indexSearch() {
	s.search = make([]kg.SearchDoc, len(s.entities))
	lexicons := make([]*kg.Lexicon, runtime.GOMAXPROCS(0))
	shares := make([][2]int, len(lexicons))
	parallel(len(s.entities), func(w, lo, hi int) {
		lexicons[w], shares[w] = kg.NewLexicon(), [2]int{lo, hi}
		for i := lo; i < hi; i++ {
			s.search[i] = lexicons[w].Doc(s.entities[i])
		}
	})
	s.lexicon = lexicons[0]
	for w := 1; w < len(lexicons); w++ {
		s.lexicon.Merge(lexicons[w], s.search[shares[w][0]:shares[w][1]])
	}

	// Count each word once per entity, then place the entities.
	last := make([]int32, s.lexicon.Len())
	for i := range last {
		last[i] = -1
	}
	s.starts = make([]int32, s.lexicon.Len()+1)
	for i := range s.search {
		for _, w := range s.search[i].WordNumbers() {
			if last[w] != int32(i) {
				last[w] = int32(i)
				s.starts[w+1]++
			}
		}
	}
	for w := range last {
		s.starts[w+1] += s.starts[w]
		last[w] = -1
	}
	s.postings = make([]int32, s.starts[len(last)])
	next := slices.Clone(s.starts[:len(last)])
	for i := range s.search {
		for _, w := range s.search[i].WordNumbers() {
			if last[w] != int32(i) {
				last[w] = int32(i)
				s.postings[next[w]] = int32(i)
				next[w]++
			}
		}
	}
}

// parallel calls f once per processor w, with a share [lo, hi) of [0, n), and waits for them.
func parallel(n int, f func(w, lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	share := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { f(w, min(w*share, n), min((w+1)*share, n)) })
	}
	wg.Wait()
}

// BatchWait reports how long the API may hold a lookup back to batch it with others: never, as
// every call is answered from memory at once.
func (s *Store) BatchWait() time.Duration { return 0 }

// Entity returns the entity with this id, or nil. The entity belongs to the store: the caller
// must not modify it.
func (s *Store) Entity(id string) *kg.Entity {
	if i, ok := s.index[id]; ok {
		return &s.entities[i]
	}
	return nil
}

// EntitiesByID implements kg.Store. The entities belong to the store: the caller must not modify
// them.
func (s *Store) EntitiesByID(ctx context.Context, ids []string) ([]*kg.Entity, error) {
	out := make([]*kg.Entity, len(ids))
	for i, id := range ids {
		out[i] = s.Entity(id)
	}
	return out, ctx.Err()
}

// Entities implements kg.Store.
func (s *Store) Entities(ctx context.Context, q kg.EntityQuery) (kg.EntityPage, error) {
	if err := kg.CheckEntityQuery(q); err != nil {
		return kg.EntityPage{}, err
	}
	filtered := len(q.Types) > 0 || len(q.Categories) > 0
	byID := q.OrderBy == "" || q.OrderBy == kg.OrderByID
	if !filtered && byID && !q.Descending {
		// The entities are already in this order: no list to build.
		start, end, hasMore := kg.Window(len(s.entities), q.Page)
		page := kg.EntityPage{HasMore: hasMore, Entities: s.entities[start:end:end]}
		if q.WantTotal {
			page.Total = len(s.entities)
		}
		return page, ctx.Err()
	}
	if len(q.Types) == 1 && len(q.Categories) == 0 && byID && !q.Descending {
		// One type in id order: a window of its index.
		of := s.byType[q.Types[0]]
		start, end, hasMore := kg.Window(len(of), q.Page)
		page := kg.EntityPage{HasMore: hasMore, Entities: make([]kg.Entity, 0, end-start)}
		if q.WantTotal {
			page.Total = len(of)
		}
		for _, i := range of[start:end] {
			page.Entities = append(page.Entities, s.entities[i])
		}
		return page, ctx.Err()
	}
	var list []*kg.Entity
	for i := range s.entities {
		e := &s.entities[i]
		if (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) &&
			(len(q.Categories) == 0 || slices.Contains(q.Categories, e.Category)) {
			list = append(list, e)
		}
	}
	switch {
	case q.OrderBy == kg.OrderByDegree && len(q.DegreeExcludes) > 0:
		degrees := make(map[*kg.Entity]int, len(list))
		for _, e := range list {
			for _, a := range s.adj[s.index[e.ID]] {
				if !slices.Contains(q.DegreeExcludes, s.rels[a.rel].Type) {
					degrees[e]++
				}
			}
		}
		slices.SortStableFunc(list, func(a, b *kg.Entity) int {
			return kg.CompareByDegree(a, b, degrees[a], degrees[b], q.Descending)
		})
	case q.OrderBy == kg.OrderByDegree:
		slices.SortStableFunc(list, func(a, b *kg.Entity) int {
			return kg.CompareByDegree(a, b, s.degree(a.ID), s.degree(b.ID), q.Descending)
		})
	case !byID || q.Descending:
		slices.SortStableFunc(list, func(a, b *kg.Entity) int { return kg.CompareEntities(a, b, q.OrderBy, q.Descending) })
	}
	start, end, hasMore := kg.Window(len(list), q.Page)
	page := kg.EntityPage{HasMore: hasMore}
	if q.WantTotal {
		page.Total = len(list)
	}
	page.Entities = make([]kg.Entity, 0, end-start)
	for _, e := range list[start:end] {
		page.Entities = append(page.Entities, *e)
	}
	return page, ctx.Err()
}

// Relationships implements kg.Store. The relationships share their evidence with the store: the
// caller must not modify it.
func (s *Store) Relationships(ctx context.Context, ids []string, q kg.RelQuery) ([]kg.RelPage, error) {
	if err := kg.CheckRelQuery(q); err != nil {
		return nil, err
	}
	var types []kg.RelationshipType
	if len(q.Types) > 0 {
		types = slices.Clone(q.Types)
		slices.Sort(types)
		types = slices.Compact(types)
	}
	out := make([]kg.RelPage, len(ids))
	for i, id := range ids {
		e, ok := s.index[id]
		if !ok {
			continue
		}
		page := &out[i]
		list := s.adj[e]
		for _, rg := range s.ofTypes(list, types) {
			part := list[rg[0]:rg[1]]
			// Without a filter on the other end, the part's count is known without a scan, and
			// the scan stops at the end of the page.
			counted := len(q.OtherTypes) == 0
			n := 0
			if counted {
				n = matches(list, rg, q.Direction)
				if page.Total+n <= q.Offset || page.Total >= q.Offset+q.Limit {
					page.Total += n
					continue
				}
			}
			k := page.Total
			for _, a := range part {
				if q.Direction == kg.Outgoing && !a.outgoing || q.Direction == kg.Incoming && a.outgoing {
					continue
				}
				if len(q.OtherTypes) > 0 && !slices.Contains(q.OtherTypes, s.entities[a.other].Type) {
					continue
				}
				if k >= q.Offset && k < q.Offset+q.Limit {
					if page.Relationships == nil {
						page.Relationships = make([]kg.Relationship, 0, min(q.Limit, len(part)))
					}
					page.Relationships = append(page.Relationships, s.rels[a.rel])
				}
				k++
				if counted && k >= q.Offset+q.Limit {
					break
				}
			}
			if counted {
				page.Total += n
			} else {
				page.Total = k
			}
		}
		page.HasMore = page.Total > q.Offset+q.Limit
	}
	return out, ctx.Err()
}

// degree returns the number of relationships of the entity id.
func (s *Store) degree(id string) int { return len(s.adj[s.index[id]]) }

// ofTypes returns the ranges of an adjacency list that hold the given relationship types
// (sorted), in adjacency order; the whole list when types is empty. The list is sorted by type
// first, so each range is found by binary search: a hub's page costs its range, not its list.
func (s *Store) ofTypes(list []adj, types []kg.RelationshipType) [][2]int {
	if len(types) == 0 {
		return [][2]int{{0, len(list)}}
	}
	ranges := make([][2]int, 0, len(types))
	for _, t := range types {
		lo := sort.Search(len(list), func(i int) bool { return s.rels[list[i].rel].Type >= t })
		hi := lo + sort.Search(len(list)-lo, func(i int) bool { return s.rels[list[lo+i].rel].Type > t })
		if hi > lo {
			ranges = append(ranges, [2]int{lo, hi})
		}
	}
	return ranges
}

// matches counts the relationships of a range of an adjacency list in a direction, from the
// counts of outgoing relationships kept in the list.
func matches(list []adj, rg [2]int, dir kg.Direction) int {
	outsBefore := func(i int) int {
		if i == len(list) {
			last := list[i-1]
			if last.outgoing {
				return int(last.outs) + 1
			}
			return int(last.outs)
		}
		return int(list[i].outs)
	}
	all := rg[1] - rg[0]
	if all == 0 || dir == kg.Both {
		return all
	}
	out := outsBefore(rg[1]) - outsBefore(rg[0])
	if dir == kg.Outgoing {
		return out
	}
	return all - out
}

// Search implements kg.Store.
func (s *Store) Search(ctx context.Context, q kg.SearchQuery) (kg.SearchPage, error) {
	if _, err := kg.CheckSearchQuery(q); err != nil {
		return kg.SearchPage{}, err
	}
	m := kg.NewMatcher(q.Text)
	// Only the entities that hold a word the query matches can score: mark them in a set of
	// bits, then score them in order.
	marked := make([]uint64, (len(s.entities)+63)/64)
	for _, w := range m.Prepare(s.lexicon) {
		for _, i := range s.postings[s.starts[w]:s.starts[w+1]] {
			marked[i/64] |= 1 << (i % 64)
		}
	}
	var hits []kg.Candidate
	// Scoring is bounded by the graph, not a budget: the budget only lets other requests run and
	// stops the work when the request is over.
	work := kg.NewBudget(ctx, "the search", math.MaxInt)
	perCandidate := len(m.SearchTerms()) + 1
	for k, bits := range marked {
		for ; bits != 0; bits &= bits - 1 {
			if err := work.Spend(perCandidate); err != nil {
				return kg.SearchPage{}, err
			}
			i := k*64 + mathbits.TrailingZeros64(bits)
			if score, field, lang := m.Score(s.search[i]); score > 0 {
				hits = append(hits, kg.Candidate{Entity: &s.entities[i], Score: score, Field: field, Language: lang})
			}
		}
	}
	return kg.RankCandidates(q, hits), ctx.Err()
}

// Neighborhood implements kg.Store with kg.Walk over the adjacency lists.
func (s *Store) Neighborhood(ctx context.Context, id string, q kg.NeighborhoodQuery) (kg.Subgraph, error) {
	if err := kg.CheckNeighborhoodQuery(q); err != nil {
		return kg.Subgraph{}, err
	}
	centre, ok := s.index[id]
	if !ok {
		return kg.Subgraph{}, kg.Errorf(kg.ErrNotFound, "entity %q", id)
	}
	w, err := kg.Walk(ctx, centre, q, s.hops)
	sub := kg.Subgraph{Nodes: make([]kg.Entity, len(w.Nodes)), Relationships: make([]kg.Relationship, len(w.Relationships)), Truncated: w.Truncated}
	for i, n := range w.Nodes {
		sub.Nodes[i] = s.entities[n]
	}
	for i, r := range w.Relationships {
		sub.Relationships[i] = s.rels[r]
	}
	return sub, err
}

// hops is the kg.HopsFunc of the store: entities and relationships by their index. It scans the
// whole adjacency list of each frontier entity (a hub's too: in memory that is a pass over a
// slice) and keeps what the walk keeps.
func (s *Store) hops(ctx context.Context, l kg.Level[int32]) ([][]kg.Hop[int32, int32], bool, error) {
	out := make([][]kg.Hop[int32, int32], len(l.Frontier))
	met := map[int32]bool{}
	more := false
	for i, from := range l.Frontier {
		for _, a := range s.adj[from] {
			if len(l.Types) > 0 && !slices.Contains(l.Types, s.rels[a.rel].Type) {
				continue
			}
			switch {
			case l.IsKept(a.other) || met[a.other]:
			case len(met) < l.Room:
				met[a.other] = true
			default:
				more = true
				continue
			}
			out[i] = append(out[i], kg.Hop[int32, int32]{Rel: a.rel, Other: a.other})
		}
	}
	return out, more, ctx.Err()
}

// ShortestPath implements kg.Store, ignoring direction. Among paths of the same length it returns
// the one whose steps come first in adjacency order, step by step (what a breadth-first search
// from one end in adjacency order finds), so the answer is always the same. It searches from both
// ends at once, expanding the smaller side, so a path of d hops costs about two searches of d/2
// hops, not one of d: a few hops from a hub reach most of a large graph.
func (s *Store) ShortestPath(ctx context.Context, from, to string, q kg.PathQuery) (*kg.Path, error) {
	if err := kg.CheckPathQuery(q); err != nil {
		return nil, err
	}
	start, ok := s.index[from]
	if !ok {
		return nil, kg.Errorf(kg.ErrNotFound, "entity %q", from)
	}
	end, ok := s.index[to]
	if !ok {
		return nil, kg.Errorf(kg.ErrNotFound, "entity %q", to)
	}
	follow := func(a adj) bool { return len(q.Types) == 0 || slices.Contains(q.Types, s.rels[a.rel].Type) }
	// Distances from each end, and the layers of the search from the start.
	distF, distT := map[int32]int{start: 0}, map[int32]int{end: 0}
	layersF := [][]int32{{start}}
	frontT := []int32{end}
	d := -1 // the length of a shortest path, once found
	if start == end {
		d = 0
	}
	// a and b are how far the searches from the start and from the end have gone. When they
	// meet, every node within b hops of the end is in distT.
	// grow takes one side's search from front, at depth hops, one hop further: it records the new
	// nodes' distances in dist and returns them, and where a new node is one the other side has
	// reached (at other's distance), the path through it.
	budget := kg.NewBudget(ctx, "the shortest-path search", kg.ShortestPathWork)
	var over error
	grow := func(front []int32, depth int, dist, other map[int32]int) []int32 {
		var next []int32
		for _, u := range front {
			if over = budget.Spend(len(s.adj[u])); over != nil {
				return nil
			}
			for _, e := range s.adj[u] {
				if _, seen := dist[e.other]; !seen && follow(e) {
					dist[e.other] = depth + 1
					next = append(next, e.other)
					if o, ok := other[e.other]; ok && (d < 0 || depth+1+o < d) {
						d = depth + 1 + o
					}
				}
			}
		}
		return next
	}
	a, b := 0, 0
	for d < 0 && a+b < q.MaxHops {
		frontF := layersF[a]
		if len(frontF) == 0 || len(frontT) == 0 {
			break
		}
		if len(frontF) <= len(frontT) {
			layersF = append(layersF, grow(frontF, a, distF, distT))
			a++
		} else {
			frontT = grow(frontT, b, distT, distF)
			b++
		}
	}
	if over != nil {
		return nil, over
	}
	if d < 0 {
		return nil, ctx.Err()
	}
	// A node at position k of a shortest path is one d-k hops from the end. From position
	// first on, that distance is known (at most b); before it, a node of the start's layer k
	// qualifies if one of its neighbours qualifies at k+1, worked out back from first.
	first := max(0, d-b)
	onPath := make(map[int32]bool)
	for k := first - 1; k >= 1; k-- {
		for _, u := range layersF[k] {
			for _, e := range s.adj[u] {
				if !follow(e) {
					continue
				}
				if t, ok := distT[e.other]; k+1 >= first && ok && t == d-k-1 || k+1 < first && onPath[e.other] && distF[e.other] == k+1 {
					onPath[u] = true
					break
				}
			}
		}
	}
	qualifies := func(v int32, k int) bool {
		if k >= first {
			t, ok := distT[v]
			return ok && t == d-k
		}
		return onPath[v] && distF[v] == k
	}
	p := &kg.Path{Nodes: []kg.Entity{s.entities[start]}}
	for u, k := start, 0; k < d; k++ {
		for _, e := range s.adj[u] {
			if follow(e) && qualifies(e.other, k+1) {
				p.Relationships = append(p.Relationships, s.rels[e.rel])
				p.Nodes = append(p.Nodes, s.entities[e.other])
				u = e.other
				break
			}
		}
	}
	return p, ctx.Err()
}

// Stats implements kg.Store.
func (s *Store) Stats(ctx context.Context) (kg.Stats, error) {
	st := kg.Stats{Entities: map[kg.EntityType]int{}, Relationships: map[kg.RelationshipType]int{}}
	for i := range s.entities {
		st.Entities[s.entities[i].Type]++
		st.Evidence += len(s.entities[i].Evidence)
	}
	for i := range s.rels {
		st.Relationships[s.rels[i].Type]++
		st.Evidence += len(s.rels[i].Evidence)
	}
	return st, ctx.Err()
}

// DataVersion implements kg.Store.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	return s.version, ctx.Err()
}

// Ready implements kg.Store: an in-memory store is always ready.
func (s *Store) Ready(ctx context.Context) error { return ctx.Err() }
