package memory_test

import (
	"slices"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/storetest"
)

// MustOpen returns a memory store over the seed dataset.
func MustOpen(tb testing.TB) *memory.Store {
	tb.Helper()
	s, _, err := memory.Seeded()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) kg.Store { return MustOpen(t) })
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

// The word index only narrows the entities a search scores: every query finds what scoring every
// entity finds.
func TestSearchIndexFindsWhatAFullScanFinds(t *testing.T) {
	s, ds, err := memory.Seeded()
	if err != nil {
		t.Fatal(err)
	}
	queries := map[string]bool{"méthamphétamine": true, "gendarmerie royale": true, "police de": true, "x": true}
	for _, e := range ds.Entities {
		for _, text := range append([]string{e.Name.EN, e.Name.FR}, e.Aliases...) {
			queries[text] = true
			if f := kg.Fold(text); len(f) > 3 {
				queries[f[:3]] = true
				queries[f[len(f)-3:]] = true
			}
		}
	}
	fields := make([][]kg.SearchField, len(ds.Entities))
	for i, e := range ds.Entities {
		fields[i] = kg.SearchFields(e)
	}
	for q := range queries {
		folded := kg.Fold(q)
		if folded == "" {
			continue
		}
		var want []kg.SearchHit
		for i, e := range ds.Entities {
			if score, field, lang := kg.ScoreFields(fields[i], folded); score > 0 {
				want = append(want, kg.SearchHit{Entity: e, Score: score, Field: field, Language: lang})
			}
		}
		kg.SortHits(want)
		got, err := s.Search(t.Context(), kg.SearchQuery{Text: q, Page: kg.Page{Limit: kg.MaxPageSize}})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if got.Total != len(want) {
			t.Errorf("Search(%q): %d hits, a full scan finds %d", q, got.Total, len(want))
			continue
		}
		for i, h := range got.Hits {
			if h.Entity.ID != want[i].Entity.ID || h.Score != want[i].Score {
				t.Errorf("Search(%q) hit %d: %s (%v), a full scan gives %s (%v)", q, i, h.Entity.ID, h.Score, want[i].Entity.ID, want[i].Score)
				break
			}
		}
	}
}

// Pages of relationships, found through the type ranges and counts of the adjacency lists, are
// those of a scan of every relationship in adjacency order.
func TestRelationshipPagesMatchAScan(t *testing.T) {
	s, ds, err := memory.Seeded()
	if err != nil {
		t.Fatal(err)
	}
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
		{Types: []string{"PARTICIPATES_IN", "DISCUSSED_IN"}}, {Types: []string{"DISCUSSED_IN"}, Direction: kg.Incoming},
		{Types: []string{"TARGETS"}, OtherTypes: []kg.EntityType{kg.Substance}},
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
	_, ds, err := memory.Seeded()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := memory.New(ds.Entities, ds.Relationships, ds.Version); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeeded reads the embedded seed data and indexes it: the start-up of the server.
func BenchmarkSeeded(b *testing.B) {
	for b.Loop() {
		if _, _, err := memory.Seeded(); err != nil {
			b.Fatal(err)
		}
	}
}
