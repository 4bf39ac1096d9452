package memory_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/bench/synth"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/storetest"
)

// MustOpen returns a memory store over the seed dataset.
func MustOpen(tb testing.TB) *memory.Store {
	tb.Helper()
	s, _ := memorytest.MustSeeded(tb)
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) kg.Store { return MustOpen(t) })
}

func TestContractOnASyntheticGraph(t *testing.T) {
	storetest.RunSynthetic(t, func(t *testing.T, ds *seed.Dataset) kg.Store {
		s, err := memory.New(ds.Entities, ds.Relationships, ds.Version)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestNewRejectsDanglingRelationship(t *testing.T) {
	_, err := memory.New([]kg.Entity{{ID: "a", Type: kg.Place}}, []kg.Relationship{{Type: "LOCATED_IN", From: "a", To: "b"}}, "v")
	if err == nil {
		t.Fatal("New accepted a relationship to a missing entity")
	}
}

func TestNewRejectsDuplicateID(t *testing.T) {
	_, err := memory.New([]kg.Entity{{ID: "a", Type: kg.Place}, {ID: "a", Type: kg.Place}}, nil, "v")
	if err == nil {
		t.Fatal("New accepted two entities with one id")
	}
}

// The store hands out its own entities, so that a lookup costs no copy: two lookups of one id
// give the same entity.
func TestLookupsShareTheIndexedEntity(t *testing.T) {
	s := MustOpen(t)
	ctx := t.Context()
	const id = "royal-canadian-mounted-police"
	a, err := s.EntitiesByID(ctx, []string{id, "no-such-entity"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.EntitiesByID(ctx, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	if a[0] == nil || a[0] != b[0] || s.Entity(id) != a[0] {
		t.Errorf("lookups of %q gave %p, %p and %p, want one entity", id, a[0], b[0], s.Entity(id))
	}
	if a[1] != nil || s.Entity("no-such-entity") != nil {
		t.Errorf("lookup of a missing id gave %v, want nil", a[1])
	}
}

func TestBatchWaitIsZero(t *testing.T) {
	if w := MustOpen(t).BatchWait(); w != 0 {
		t.Errorf("BatchWait() = %v, want 0: the store answers from memory", w)
	}
}

// Pages of relationships, found through the type ranges and counts of the adjacency lists, are
// those of a scan of every relationship in adjacency order.
func TestRelationshipPagesMatchAScan(t *testing.T) {
	s, ds := memorytest.MustSeeded(t)
	types := map[string]kg.EntityType{}
	for _, e := range ds.Entities {
		types[e.ID] = e.Type
	}
	scan := func(id string, q kg.RelQuery) []kg.Relationship {
		type item struct {
			r   kg.Relationship
			adj kg.Adjacent
		}
		var items []item
		for _, r := range ds.Relationships {
			for _, out := range []bool{true, false} {
				end, other := r.From, r.To
				if !out {
					end, other = r.To, r.From
				}
				if end != id || q.Direction == kg.Outgoing && !out || q.Direction == kg.Incoming && out ||
					len(q.Types) > 0 && !slices.Contains(q.Types, r.Type) ||
					len(q.OtherTypes) > 0 && !slices.Contains(q.OtherTypes, types[other]) {
					continue
				}
				items = append(items, item{r, kg.Adjacent{Type: r.Type, Other: other, Outgoing: out}})
			}
		}
		slices.SortStableFunc(items, func(a, b item) int { return kg.CompareAdjacent(a.adj, b.adj) })
		out := make([]kg.Relationship, len(items))
		for i, it := range items {
			out[i] = it.r
		}
		return out
	}
	queries := []kg.RelQuery{
		{}, {Direction: kg.Outgoing}, {Direction: kg.Incoming},
		{Types: []kg.RelationshipType{"PARTICIPATES_IN", "DISCUSSED_IN"}}, {Types: []kg.RelationshipType{"DISCUSSED_IN"}, Direction: kg.Incoming},
		{Types: []kg.RelationshipType{"TARGETS"}, OtherTypes: []kg.EntityType{kg.Substance}},
	}
	for _, e := range ds.Entities {
		for _, q := range queries {
			all := scan(e.ID, q)
			for _, p := range []kg.Page{{Limit: 20}, {Offset: 1, Limit: 3}, {Offset: 5, Limit: 1}, {Limit: 0}} {
				q.Page = p
				pages, err := s.Relationships(t.Context(), []string{e.ID}, q)
				if err != nil {
					t.Fatal(err)
				}
				start, end := min(p.Offset, len(all)), min(p.Offset+p.Limit, len(all))
				got := pages[0]
				if got.Total != len(all) || got.HasMore != (end < len(all)) || !slices.EqualFunc(got.Relationships, all[start:end], func(a, b kg.Relationship) bool { return a.Key() == b.Key() }) {
					t.Fatalf("%s %+v: total %d, more %v, %d relationships; a scan gives %d, %v, %d", e.ID, q, got.Total, got.HasMore, len(got.Relationships), len(all), end < len(all), end-start)
				}
			}
		}
	}
}

// BenchmarkNew indexes the seed graph, already read: the store's share of the start-up.
func BenchmarkNew(b *testing.B) {
	_, ds := memorytest.MustSeeded(b)
	for b.Loop() {
		if _, err := memory.New(ds.Entities, ds.Relationships, ds.Version); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeeded is the server's start-up in process: the embedded seed dataset (compiled into
// package seed/checked, once its files' sum is checked) and its indexing.
func BenchmarkSeeded(b *testing.B) {
	for b.Loop() {
		memorytest.MustSeeded(b)
	}
}

// The search from both ends returns the path a breadth-first search from the start returns, on
// a synthetic graph with hubs, for many pairs, bounds and relationship types.
func TestShortestPathIsTheOneSidedSearchsPath(t *testing.T) {
	_, ds := memorytest.MustSeeded(t)
	ents, rels, err := synth.Generate(ds.Entities, ds.Relationships, 3000, 3)
	if err != nil {
		t.Fatal(err)
	}
	s, err := memory.New(ents, rels, "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	oneSided := oneSidedSearch(ents, rels)
	rng := rand.New(rand.NewPCG(1, 2))
	long := 0
	for i := range 600 {
		from, to := ents[rng.IntN(len(ents))].ID, ents[rng.IntN(len(ents))].ID
		if i%10 == 0 {
			to = from
		}
		q := kg.PathQuery{MaxHops: 1 + rng.IntN(kg.MaxHops)}
		if i%3 == 0 {
			q.Types = []kg.RelationshipType{"PARTICIPATES_IN", "RUNS", "TARGETS", "LOCATED_IN"}
		}
		got, err := s.ShortestPath(t.Context(), from, to, q)
		if err != nil {
			t.Fatal(err)
		}
		want := oneSided(from, to, q)
		if diff := cmp.Diff(pathKeys(want), pathKeys(got)); diff != "" {
			t.Fatalf("%s to %s, %+v (-one-sided +both ends):\n%s", from, to, q, diff)
		}
		if want != nil && len(want.Relationships) >= 3 {
			long++
		}
	}
	if long < 50 {
		t.Errorf("only %d paths of 3 hops or more among 600 pairs: the test does not exercise the search", long)
	}
}

func pathKeys(p *kg.Path) []string {
	if p == nil {
		return nil
	}
	var out []string
	for i, n := range p.Nodes {
		out = append(out, n.ID)
		if i < len(p.Relationships) {
			out = append(out, p.Relationships[i].Key())
		}
	}
	return out
}

// oneSidedSearch is a breadth-first search from the start in adjacency order.
func oneSidedSearch(ents []kg.Entity, rels []kg.Relationship) func(from, to string, q kg.PathQuery) *kg.Path {
	type half struct {
		rel   int
		other string
		adj   kg.Adjacent
	}
	adj := map[string][]half{}
	for i, r := range rels {
		adj[r.From] = append(adj[r.From], half{i, r.To, kg.Adjacent{Type: r.Type, Other: r.To, Outgoing: true}})
		adj[r.To] = append(adj[r.To], half{i, r.From, kg.Adjacent{Type: r.Type, Other: r.From, Outgoing: false}})
	}
	for _, list := range adj {
		slices.SortFunc(list, func(a, b half) int { return kg.CompareAdjacent(a.adj, b.adj) })
	}
	byID := map[string]kg.Entity{}
	for _, e := range ents {
		byID[e.ID] = e
	}
	return func(from, to string, q kg.PathQuery) *kg.Path {
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
				for _, h := range adj[id] {
					if len(q.Types) > 0 && !slices.Contains(q.Types, rels[h.rel].Type) {
						continue
					}
					if _, ok := back[h.other]; !ok {
						back[h.other] = step{id, h.rel}
						next = append(next, h.other)
					}
				}
			}
			frontier = next
		}
		if _, ok := back[to]; !ok {
			return nil
		}
		p := &kg.Path{}
		for id := to; ; {
			p.Nodes = append(p.Nodes, byID[id])
			st := back[id]
			if st.rel < 0 {
				break
			}
			p.Relationships = append(p.Relationships, rels[st.rel])
			id = st.prev
		}
		slices.Reverse(p.Nodes)
		slices.Reverse(p.Relationships)
		return p
	}
}

// Search through the word index finds what scoring every entity finds, ranked as a full sort
// ranks it, on a synthetic graph whose words are numbered by two processors' lexicons merged.
func TestSearchIsAScanOfEveryEntity(t *testing.T) {
	_, ds := memorytest.MustSeeded(t)
	ents, rels, err := synth.Generate(ds.Entities, ds.Relationships, 3000, 5)
	if err != nil {
		t.Fatal(err)
	}
	s, err := memory.New(ents, rels, "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]kg.SearchDoc, len(ents))
	for i, e := range ents {
		docs[i] = kg.NewSearchDoc(e)
	}
	queries := []string{"police", "la police", "de", "crime organisé", "meth", "GRC", "zz", "Opioïdes au Canada"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 150 {
		// Some words of a text of an entity, the last one perhaps cut short.
		e := ents[rng.IntN(len(ents))]
		words := strings.Fields(e.Name.FR + " " + e.Description.EN + " " + strings.Join(e.Aliases, " "))
		i := rng.IntN(len(words))
		q := strings.Join(words[i:min(len(words), i+1+rng.IntN(3))], " ")
		if cut := rng.IntN(len(q) + 1); cut > 2 && rng.IntN(2) == 0 {
			q = q[:cut]
		}
		queries = append(queries, q)
	}
	for n, text := range queries {
		q := kg.SearchQuery{Text: text, Page: kg.Page{Limit: 10, Offset: []int{0, 0, 3, 40}[n%4]}, WantFacets: n%2 == 0}
		if n%5 == 0 {
			q.Types = []kg.EntityType{kg.Organization, kg.Fact}
		}
		if _, err := kg.CheckSearchQuery(q); err != nil {
			continue
		}
		m := kg.NewMatcher(text)
		var all []kg.SearchHit
		for i, e := range ents {
			if score, field, lang := m.Score(docs[i]); score > 0 {
				all = append(all, kg.SearchHit{Entity: e, Score: score, Field: field, Language: lang})
			}
		}
		ptrs := make([]*kg.Entity, len(all))
		for i := range all {
			ptrs[i] = &all[i].Entity
		}
		var want kg.SearchPage
		if q.WantFacets {
			want.Facets = kg.CountFacets(ptrs)
		}
		kept := slices.DeleteFunc(all, func(h kg.SearchHit) bool { return n%5 == 0 && !slices.Contains(q.Types, h.Entity.Type) })
		kg.SortHits(kept)
		start, end, more := kg.Window(len(kept), q.Page)
		want.Hits, want.HasMore = kept[start:end], more
		want.Total, want.TotalExact = min(len(kept), kg.SearchCountLimit), len(kept) <= kg.SearchCountLimit
		got, err := s.Search(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(searchKeys(want), searchKeys(got)); diff != "" {
			t.Fatalf("%+v (-scan +index):\n%s", q, diff)
		}
	}
}

type searchKey struct {
	Total   int
	Exact   bool
	HasMore bool
	Facets  kg.Facets
	Hits    []string
}

func searchKeys(p kg.SearchPage) searchKey {
	k := searchKey{Total: p.Total, Exact: p.TotalExact, HasMore: p.HasMore, Facets: p.Facets}
	for _, h := range p.Hits {
		k.Hits = append(k.Hits, fmt.Sprintf("%s %g %s %s", h.Entity.ID, h.Score, h.Field, h.Language))
	}
	return k
}
