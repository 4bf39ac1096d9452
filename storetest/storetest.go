// Package storetest is the conformance suite of kg.Store. Every store runs it over the seed
// dataset (Run) and over a synthetic graph (RunSynthetic), so that the embedded store and the
// Neo4j store answer every query the same way.
//
// Expectations are computed from the dataset itself, not from another store: a store passes only
// if it returns what the data says.
package storetest

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/seed"
)

// Run runs the whole suite against the store that newStore returns. The store must hold exactly
// the seed dataset (seed.Load).
func Run(t *testing.T, newStore func(t *testing.T) kg.Store) {
	ds, err := seed.Load()
	if err != nil {
		t.Fatalf("load seed: %v", err)
	}
	s := newStore(t)
	x := &expect{ds: ds, byID: map[string]kg.Entity{}}
	for _, e := range ds.Entities {
		x.byID[e.ID] = e
	}
	t.Run("EntitiesByID", func(t *testing.T) { testEntitiesByID(t, s, x) })
	t.Run("Entities", func(t *testing.T) { testEntities(t, s, x) })
	t.Run("Relationships", func(t *testing.T) { testRelationships(t, s, x) })
	t.Run("Search", func(t *testing.T) { testSearch(t, s, x) })
	t.Run("Resolve", func(t *testing.T) { testResolve(t, s) })
	t.Run("SearchRanking", func(t *testing.T) { testSearchRanking(t, s, x) })
	t.Run("Paths", func(t *testing.T) { testPaths(t, s, x) })
	t.Run("Connections", func(t *testing.T) { testConnections(t, s, x) })
	t.Run("RelationshipCounts", func(t *testing.T) { testRelationshipCounts(t, s, x) })
	t.Run("OrderByDegree", func(t *testing.T) { testOrderByDegree(t, s, x) })
	t.Run("Facts", func(t *testing.T) { testFacts(t, s, x) })
	t.Run("Neighborhood", func(t *testing.T) { testNeighborhood(t, s, x) })
	t.Run("ShortestPath", func(t *testing.T) { testShortestPath(t, s, x) })
	t.Run("Stats", func(t *testing.T) { testStats(t, s, x) })
	t.Run("TypedConnections", func(t *testing.T) { testTypedConnections(t, s, x) })
	t.Run("Plans", func(t *testing.T) { testPlans(t, s, x) })
	t.Run("DataVersion", func(t *testing.T) {
		v, err := s.DataVersion(context.Background())
		if err != nil || v != ds.Version {
			t.Errorf("DataVersion = %q, %v; want %q", v, err, ds.Version)
		}
	})
	t.Run("Ready", func(t *testing.T) {
		if err := s.Ready(context.Background()); err != nil {
			t.Errorf("Ready: %v", err)
		}
	})
}

// expect answers queries from the dataset directly.
type expect struct {
	ds   *seed.Dataset
	byID map[string]kg.Entity
	docs []kg.SearchDoc // the search documents of ds.Entities, built on first use
}

// rels returns the relationships of id as a store must order them: kg.CompareAdjacent.
func (x *expect) rels(id string, q kg.RelQuery) []kg.Relationship {
	type item struct {
		r     kg.Relationship
		other string
		out   bool
	}
	var items []item
	for _, r := range x.ds.Relationships {
		for _, out := range []bool{true, false} {
			end, other := r.From, r.To
			if !out {
				end, other = r.To, r.From
			}
			if end != id || q.Direction == kg.Outgoing && !out || q.Direction == kg.Incoming && out {
				continue
			}
			if len(q.Types) > 0 && !slices.Contains(q.Types, r.Type) {
				continue
			}
			if len(q.OtherTypes) > 0 && !slices.Contains(q.OtherTypes, x.byID[other].Type) {
				continue
			}
			items = append(items, item{r, other, out})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return kg.CompareAdjacent(kg.Adjacent{Type: a.r.Type, Other: a.other, Outgoing: a.out}, kg.Adjacent{Type: b.r.Type, Other: b.other, Outgoing: b.out})
	})
	out := make([]kg.Relationship, len(items))
	for i, it := range items {
		out[i] = it.r
	}
	return out
}

// neighbours returns the ids one relationship away from id, in either direction, following only
// relationships of types when types is not empty.
func (x *expect) neighbours(id string, types ...kg.RelationshipType) map[string]bool {
	n := map[string]bool{}
	for _, r := range x.ds.Relationships {
		if len(types) > 0 && !slices.Contains(types, r.Type) {
			continue
		}
		if r.From == id {
			n[r.To] = true
		}
		if r.To == id {
			n[r.From] = true
		}
	}
	return n
}

// walk is the neighbourhood a store must return, worked out here from the data: breadth first,
// each entity's relationships in the order of rels, the entities met until q.Limit are kept, and
// every relationship met between kept entities, by key.
func (x *expect) walk(centre string, q kg.NeighborhoodQuery) (nodes, rels []string, truncated bool) {
	nodes = []string{centre}
	kept := map[string]bool{centre: true}
	relKept := map[string]bool{}
	frontier := []string{centre}
	for range q.Depth {
		var next []string
		for _, id := range frontier {
			for _, r := range x.rels(id, kg.RelQuery{Types: q.Types}) {
				other := r.To
				if other == id {
					other = r.From
				}
				if !kept[other] {
					if len(nodes) >= q.Limit {
						truncated = true
						continue
					}
					kept[other] = true
					nodes = append(nodes, other)
					next = append(next, other)
				}
				if kept[other] && !relKept[r.Key()] {
					relKept[r.Key()] = true
					rels = append(rels, r.Key())
				}
			}
		}
		frontier = next
	}
	return nodes, rels, truncated
}

// distance returns the number of relationships on a shortest undirected path, or -1.
func (x *expect) distance(from, to string, types ...kg.RelationshipType) int {
	dist := map[string]int{from: 0}
	frontier := []string{from}
	for len(frontier) > 0 {
		var next []string
		for _, id := range frontier {
			if id == to {
				return dist[id]
			}
			for n := range x.neighbours(id, types...) {
				if _, ok := dist[n]; !ok {
					dist[n] = dist[id] + 1
					next = append(next, n)
				}
			}
		}
		frontier = next
	}
	return -1
}

var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

func testEntitiesByID(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	ids := []string{"no-such-entity"}
	for _, e := range x.ds.Entities {
		ids = append(ids, e.ID)
	}
	ids = append(ids, x.ds.Entities[0].ID) // a repeated id is answered twice
	got, err := s.EntitiesByID(ctx, ids)
	if err != nil {
		t.Fatalf("EntitiesByID: %v", err)
	}
	if len(got) != len(ids) {
		t.Fatalf("EntitiesByID returned %d results for %d ids", len(got), len(ids))
	}
	if got[0] != nil {
		t.Errorf("EntitiesByID(no-such-entity) = %+v, want nil", got[0])
	}
	for i, id := range ids[1:] {
		e := got[i+1]
		if e == nil {
			t.Errorf("EntitiesByID(%s) = nil", id)
			continue
		}
		if diff := cmp.Diff(x.byID[id], *e, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("EntitiesByID(%s) differs from the data (-want +got):\n%s", id, diff)
		}
	}
	none, err := s.EntitiesByID(ctx, nil)
	if err != nil || len(none) != 0 {
		t.Errorf("EntitiesByID(nil) = %v, %v; want empty", none, err)
	}
}

// walk pages through a list with the given page size and returns every id in order.
func walk(t *testing.T, size int, page func(p kg.Page) ([]string, bool, error)) []string {
	t.Helper()
	var all []string
	for offset := 0; ; offset += size {
		ids, more, err := page(kg.Page{Offset: offset, Limit: size})
		if err != nil {
			t.Fatalf("page at %d: %v", offset, err)
		}
		all = append(all, ids...)
		if !more {
			return all
		}
		if len(ids) != size {
			t.Fatalf("page at %d has %d items and more after it; want %d", offset, len(ids), size)
		}
		if offset > 10000 {
			t.Fatal("pagination does not end")
		}
	}
}

func testEntities(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	for _, typ := range kg.EntityTypes {
		var want []string
		for _, e := range x.ds.Entities {
			if e.Type == typ {
				want = append(want, e.ID)
			}
		}
		got := walk(t, 7, func(p kg.Page) ([]string, bool, error) {
			page, err := s.Entities(ctx, kg.EntityQuery{Types: []kg.EntityType{typ}, OrderBy: kg.OrderByID, Page: p})
			return entityIDs(page.Entities), page.HasMore, err
		})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("walking %s by id (-want +got):\n%s", typ, diff)
		}
	}
	t.Run("OrderByName", func(t *testing.T) {
		for _, lang := range []kg.Language{kg.EN, kg.FR} {
			field := kg.OrderByNameEN
			if lang == kg.FR {
				field = kg.OrderByNameFR
			}
			page, err := s.Entities(ctx, kg.EntityQuery{Types: []kg.EntityType{kg.Organization}, OrderBy: field, Page: kg.Page{Limit: 100}})
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i < len(page.Entities); i++ {
				a, b := &page.Entities[i-1], &page.Entities[i]
				if kg.CompareEntities(a, b, field, false) > 0 {
					t.Errorf("%s order: %q (%s) before %q (%s)", lang, a.Name.In(lang), a.ID, b.Name.In(lang), b.ID)
				}
			}
		}
	})
	// Paging through an order with ties (facts of equal value, places with no number) must give
	// every entity once, ties broken by id, in both directions.
	t.Run("PagingWithTies", func(t *testing.T) {
		for _, q := range []kg.EntityQuery{
			{Types: []kg.EntityType{kg.Fact}, OrderBy: kg.OrderByValue},
			{Types: []kg.EntityType{kg.Fact}, OrderBy: kg.OrderByValue, Descending: true},
			{Types: []kg.EntityType{kg.Place, kg.Session}, OrderBy: kg.OrderByNumber, Descending: true},
		} {
			var ents []kg.Entity
			for _, e := range x.ds.Entities {
				if slices.Contains(q.Types, e.Type) {
					ents = append(ents, e)
				}
			}
			slices.SortFunc(ents, func(a, b kg.Entity) int { return kg.CompareEntities(&a, &b, q.OrderBy, q.Descending) })
			ties := 0
			for i := 1; i < len(ents); i++ {
				if kg.CompareEntities(&ents[i-1], &ents[i], q.OrderBy, q.Descending) == 0 ||
					(q.OrderBy == kg.OrderByValue && ents[i-1].Value == ents[i].Value) ||
					(q.OrderBy == kg.OrderByNumber && ents[i-1].Number == ents[i].Number) {
					ties++
				}
			}
			if ties == 0 {
				t.Fatalf("%v %s: no ties in the data: the test proves nothing", q.Types, q.OrderBy)
			}
			got := walk(t, 3, func(p kg.Page) ([]string, bool, error) {
				q := q
				q.Page = p
				page, err := s.Entities(ctx, q)
				return entityIDs(page.Entities), page.HasMore, err
			})
			if diff := cmp.Diff(entityIDs(ents), got); diff != "" {
				t.Errorf("walking %v by %s (descending %v) in pages of 3 (-want +got):\n%s", q.Types, q.OrderBy, q.Descending, diff)
			}
		}
	})
	t.Run("OrderByNumberDescending", func(t *testing.T) {
		page, err := s.Entities(ctx, kg.EntityQuery{Types: []kg.EntityType{kg.Session}, OrderBy: kg.OrderByNumber, Descending: true, Page: kg.Page{Limit: 3}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Entities) < 2 || page.Entities[0].Category != "conclusion" || page.Entities[1].Number != 7 {
			t.Errorf("first sessions by number descending = %v, want the conclusion, then plenary 7", entityIDs(page.Entities))
		}
	})
	// Sessions by number: the opening (no number) first, the plenaries, the conclusion last.
	t.Run("SessionsByNumber", func(t *testing.T) {
		page, err := s.Entities(ctx, kg.EntityQuery{Types: []kg.EntityType{kg.Session}, OrderBy: kg.OrderByNumber, Page: kg.Page{Limit: 20}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range page.Entities {
			got = append(got, e.Category+strconv.Itoa(e.Number))
		}
		want := []string{"opening0", "plenary1", "plenary2", "plenary3", "plenary4", "plenary5", "plenary6", "plenary7", "conclusion0"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("sessions by number (-want +got):\n%s", diff)
		}
	})
	t.Run("CategoriesAndTotal", func(t *testing.T) {
		want := 0
		for _, e := range x.ds.Entities {
			if e.Category == "criminal-organization" {
				want++
			}
		}
		page, err := s.Entities(ctx, kg.EntityQuery{Categories: []string{"criminal-organization"}, Page: kg.Page{Limit: 2, WantTotal: true}})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != want || want == 0 {
			t.Errorf("criminal organizations: total %d, want %d (> 0)", page.Total, want)
		}
		for _, e := range page.Entities {
			if e.Category != "criminal-organization" {
				t.Errorf("%s has category %q", e.ID, e.Category)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for name, q := range map[string]kg.EntityQuery{
			"PageTooLarge": {Page: kg.Page{Limit: kg.MaxPageSize + 1}},
			"UnknownType":  {Types: []kg.EntityType{"Planet"}, Page: kg.Page{Limit: 1}},
			"UnknownOrder": {OrderBy: "colour", Page: kg.Page{Limit: 1}},
			// An offset that would overflow when a store adds the page size to it.
			"HugeOffset": {Page: kg.Page{Offset: math.MaxInt64 - 5, Limit: 20}},
		} {
			if _, err := s.Entities(ctx, q); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("%s: err = %v, want ErrInvalid", name, err)
			}
		}
	})
}

func entityIDs(list []kg.Entity) []string {
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	return ids
}

func testRelationships(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	ids := []string{"no-such-entity"}
	for _, e := range x.ds.Entities {
		ids = append(ids, e.ID)
	}
	queries := map[string]kg.RelQuery{
		"All":               {Direction: kg.Both},
		"Outgoing":          {Direction: kg.Outgoing},
		"IncomingTargets":   {Direction: kg.Incoming, Types: []kg.RelationshipType{"TARGETS"}},
		"DiscussedOrgs":     {Direction: kg.Incoming, Types: []kg.RelationshipType{"DISCUSSED_IN"}, OtherTypes: []kg.EntityType{kg.Organization}},
		"LocatedAndOperate": {Direction: kg.Both, Types: []kg.RelationshipType{"LOCATED_IN", "OPERATES_IN"}},
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			q.Page = kg.Page{Limit: kg.MaxPageSize}
			pages, err := s.Relationships(ctx, ids, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != len(ids) {
				t.Fatalf("%d pages for %d ids", len(pages), len(ids))
			}
			for i, id := range ids {
				want := x.rels(id, q)
				if pages[i].Total != len(want) {
					t.Errorf("%s: total %d, want %d", id, pages[i].Total, len(want))
				}
				want = want[:min(len(want), kg.MaxPageSize)]
				if diff := cmp.Diff(want, pages[i].Relationships, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s (-want +got):\n%s", id, diff)
				}
			}
		})
	}
	t.Run("Pagination", func(t *testing.T) {
		id := "methamphetamine"
		want := x.rels(id, kg.RelQuery{})
		var got []kg.Relationship
		for offset := 0; ; offset += 3 {
			pages, err := s.Relationships(ctx, []string{id}, kg.RelQuery{Page: kg.Page{Offset: offset, Limit: 3}})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, pages[0].Relationships...)
			if !pages[0].HasMore {
				break
			}
		}
		if diff := cmp.Diff(want, got); diff != "" || len(want) < 10 {
			t.Errorf("walking the relationships of %s in pages of 3 (%d of them) (-want +got):\n%s", id, len(want), diff)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for name, q := range map[string]kg.RelQuery{
			"UnknownType":   {Types: []kg.RelationshipType{"LIKES"}, Page: kg.Page{Limit: 1}},
			"InjectionType": {Types: []kg.RelationshipType{"RUNS]->() DETACH DELETE n //"}, Page: kg.Page{Limit: 1}},
			"PageTooLarge":  {Page: kg.Page{Limit: kg.MaxPageSize + 1}},
			"HugeOffset":    {Page: kg.Page{Offset: math.MaxInt64 - 5, Limit: 20}},
		} {
			if _, err := s.Relationships(ctx, []string{"methamphetamine"}, q); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("%s: err = %v, want ErrInvalid", name, err)
			}
		}
	})
}

func testSearch(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	first := map[string]struct {
		id    string
		field string
	}{
		"meth":                         {"methamphetamine", "alias"},
		"méthamphétamine":              {"methamphetamine", "name"},
		"methamphetamine":              {"methamphetamine", "name"},
		"METHAMPHETAMINE":              {"methamphetamine", "name"},
		"GRC":                          {"royal-canadian-mounted-police", "alias"},
		"rcmp":                         {"royal-canadian-mounted-police", "alias"},
		"Gendarmerie royale du Canada": {"royal-canadian-mounted-police", "name"},
		"J-CODE":                       {"j-code", "alias"},
		"Project Riverbank":            {"project-riverbank", "name"},
		"riverbank":                    {"project-riverbank", "name"},
		"fentanyl":                     {"fentanyl", "name"},
		"carfentanil":                  {"carfentanil", "name"},
	}
	for text, want := range first {
		t.Run(text, func(t *testing.T) {
			page, err := s.Search(ctx, kg.SearchQuery{Text: text, Page: kg.Page{Limit: 5}})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Hits) == 0 {
				t.Fatalf("no hits")
			}
			h := page.Hits[0]
			if h.Entity.ID != want.id || h.Field != want.field {
				t.Errorf("first hit %s (%s, %.0f), want %s (%s); hits: %v", h.Entity.ID, h.Field, h.Score, want.id, want.field, hitIDs(page.Hits))
			}
			for i := 1; i < len(page.Hits); i++ {
				if page.Hits[i].Score > page.Hits[i-1].Score {
					t.Errorf("hits not ordered by score: %v", hitIDs(page.Hits))
				}
			}
		})
	}
	t.Run("TypesFilter", func(t *testing.T) {
		page, err := s.Search(ctx, kg.SearchQuery{Text: "méthamphétamine", Types: []kg.EntityType{kg.Fact}, Page: kg.Page{Limit: 50}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Hits) == 0 {
			t.Error("no facts about methamphetamine found")
		}
		for _, h := range page.Hits {
			if h.Entity.Type != kg.Fact {
				t.Errorf("hit %s is a %s", h.Entity.ID, h.Entity.Type)
			}
		}
	})
	t.Run("PaginationAndTotal", func(t *testing.T) {
		q := kg.SearchQuery{Text: "police", Page: kg.Page{Limit: 100}}
		all, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got := walk(t, 4, func(p kg.Page) ([]string, bool, error) {
			q.Page = p
			page, err := s.Search(ctx, q)
			return hitIDs(page.Hits), page.HasMore, err
		})
		if diff := cmp.Diff(hitIDs(all.Hits), got); diff != "" || all.Total != len(got) || len(got) < 5 {
			t.Errorf("walking search results for police (total %d) (-all +walked):\n%s", all.Total, diff)
		}
	})
	t.Run("BoundedCount", func(t *testing.T) {
		for _, text := range []string{"police", "drug", "canada"} {
			folded, err := kg.CheckSearchQuery(kg.SearchQuery{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			checkSearchCount(t, s, text, x.search(folded))
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, text := range []string{"", "   ", "!!!", strings.Repeat("a", 201)} {
			if _, err := s.Search(ctx, kg.SearchQuery{Text: text, Page: kg.Page{Limit: 5}}); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("Search(%q): err = %v, want ErrInvalid", text, err)
			}
		}
	})
	// Text that means something to a query language (Lucene's, under Neo4j's full-text index) is
	// searched as text: every store returns the hits that scoring the data gives.
	t.Run("LuceneSyntaxIsText", func(t *testing.T) {
		for _, text := range []string{"meth*", "AND OR", "AND", "fentanyl~", `"GRC`, `"projet Riverbank"`, "a:b", "(cocaine",
			"C++", "sûreté", "SÛRETÉ du Québec", "NOT police", "cocaine OR", "riverbank^4", "j-code/", "[fentanyl TO opioids]", `\`, "*", "~"} {
			q := kg.SearchQuery{Text: text, Page: kg.Page{Limit: 10}}
			page, err := s.Search(ctx, q)
			folded, invalid := kg.CheckSearchQuery(q)
			if invalid != nil {
				if !errors.Is(err, kg.ErrInvalid) {
					t.Errorf("Search(%q): err = %v, want ErrInvalid", text, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("Search(%q): %v", text, err)
				continue
			}
			want := x.search(folded)
			if diff := cmp.Diff(want[:min(len(want), 10)], hitIDs(page.Hits)); diff != "" || page.Total != len(want) {
				t.Errorf("Search(%q): total %d, want %d; first hits (-want +got):\n%s", text, page.Total, len(want), diff)
			}
		}
	})
}

// checkSearchCount checks the count of a search (kg.SearchCount) on each side of its bound, set
// around want, every hit of text best first: exact up to the bound, the bound past it. The page
// is want's when the count is exact; past the bound, its hits are hits, best first.
func checkSearchCount(t *testing.T, s kg.Store, text string, want []string) {
	t.Helper()
	n := len(want)
	if n < 6 {
		t.Fatalf("%q: %d hits: the test needs more than a page of 5", text, n)
	}
	for _, limit := range []int{1, n / 2, n - 1, n, n + 1, 0} {
		q := kg.SearchQuery{Text: text, CountLimit: limit, Page: kg.Page{Limit: 5}}
		page, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		wantTotal, wantExact := min(n, q.Counted()), n <= q.Counted()
		if page.Total != wantTotal || page.TotalExact != wantExact || !page.HasMore {
			t.Errorf("%q, count limit %d: total %d exact %v more %v; want %d %v true (%d hits)",
				text, q.Counted(), page.Total, page.TotalExact, page.HasMore, wantTotal, wantExact, n)
		}
		got := hitIDs(page.Hits)
		if wantExact {
			if diff := cmp.Diff(want[:5], got); diff != "" {
				t.Errorf("%q, count limit %d: page (-want +got):\n%s", text, q.Counted(), diff)
			}
			continue
		}
		for i, h := range page.Hits {
			if !slices.Contains(want, h.Entity.ID) || i > 0 && h.Score > page.Hits[i-1].Score {
				t.Errorf("%q, count limit %d: page %v holds a non-hit or is out of order", text, q.Counted(), got)
				break
			}
		}
	}
}

// search returns the ids of the entities that match folded, best first, as kg ranks them.
func (x *expect) search(folded string) []string {
	var hits []kg.SearchHit
	for _, e := range x.ds.Entities {
		if score, field, lang := kg.Score(e, folded); score > 0 {
			hits = append(hits, kg.SearchHit{Entity: e, Score: score, Field: field, Language: lang})
		}
	}
	kg.SortHits(hits)
	return hitIDs(hits)
}

func hitIDs(hits []kg.SearchHit) []string {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.Entity.ID
	}
	return ids
}

func testNeighborhood(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	id := "project-riverbank"
	t.Run("Depth1", func(t *testing.T) {
		sub, err := s.Neighborhood(ctx, id, kg.NeighborhoodQuery{Depth: 1, Limit: kg.MaxNeighborhoodLimit})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{id}
		for n := range x.neighbours(id) {
			want = append(want, n)
		}
		if diff := cmp.Diff(want, entityIDs(sub.Nodes), sortStrings); diff != "" {
			t.Errorf("nodes (-want +got):\n%s", diff)
		}
		if sub.Nodes[0].ID != id {
			t.Errorf("first node %s, want the centre %s", sub.Nodes[0].ID, id)
		}
		if len(sub.Relationships) != len(x.rels(id, kg.RelQuery{})) || sub.Truncated {
			t.Errorf("%d relationships (truncated %v), want %d", len(sub.Relationships), sub.Truncated, len(x.rels(id, kg.RelQuery{})))
		}
	})
	t.Run("Depth2Typed", func(t *testing.T) {
		types := []kg.RelationshipType{"SUBCLASS_OF"}
		sub, err := s.Neighborhood(ctx, "carfentanil", kg.NeighborhoodQuery{Depth: 2, Types: types, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range sub.Relationships {
			if r.Type != "SUBCLASS_OF" {
				t.Errorf("relationship of type %s in a SUBCLASS_OF neighbourhood", r.Type)
			}
		}
		if len(sub.Nodes) < 3 {
			t.Errorf("carfentanil's substance classes within 2 hops: %v, want at least 3 nodes", entityIDs(sub.Nodes))
		}
	})
	t.Run("Depth3Limit", func(t *testing.T) {
		const limit = 60
		sub, err := s.Neighborhood(ctx, "j-code", kg.NeighborhoodQuery{Depth: 3, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(sub.Nodes) != limit || !sub.Truncated {
			t.Fatalf("%d nodes, truncated %v; want %d, true", len(sub.Nodes), sub.Truncated, limit)
		}
		in := map[string]bool{}
		for _, n := range sub.Nodes {
			if in[n.ID] {
				t.Errorf("node %s twice", n.ID)
			}
			in[n.ID] = true
			if d := x.distance("j-code", n.ID); d < 0 || d > 3 {
				t.Errorf("node %s at distance %d, want at most 3", n.ID, d)
			}
		}
		for _, r := range sub.Relationships {
			if !in[r.From] || !in[r.To] {
				t.Errorf("relationship %s leaves the subgraph", r.Key())
			}
		}
	})
	t.Run("TruncatedExactly", func(t *testing.T) {
		// Which entities a truncated walk keeps is part of the contract: those met first, level
		// by level, each entity's relationships in the order of the relationships API.
		for _, q := range []kg.NeighborhoodQuery{
			{Depth: 2, Limit: 25},
			{Depth: 3, Limit: 60},
			{Depth: 2, Limit: 6, Types: []kg.RelationshipType{"TARGETS", "RUNS", "LAUNCHED", "PARTICIPATES_IN"}},
		} {
			sub, err := s.Neighborhood(ctx, "j-code", q)
			if err != nil {
				t.Fatal(err)
			}
			wantNodes, wantRels, wantTruncated := x.walk("j-code", q)
			if diff := cmp.Diff(wantNodes, entityIDs(sub.Nodes)); diff != "" {
				t.Errorf("%+v: nodes (-want +got):\n%s", q, diff)
			}
			var gotRels []string
			for _, r := range sub.Relationships {
				gotRels = append(gotRels, r.Key())
			}
			if diff := cmp.Diff(wantRels, gotRels); diff != "" {
				t.Errorf("%+v: relationships (-want +got):\n%s", q, diff)
			}
			if sub.Truncated != wantTruncated || !wantTruncated && q.Types == nil {
				t.Errorf("%+v: truncated %v, want %v (and true for every walk of all types here)", q, sub.Truncated, wantTruncated)
			}
		}
	})
	t.Run("Limit", func(t *testing.T) {
		sub, err := s.Neighborhood(ctx, "methamphetamine", kg.NeighborhoodQuery{Depth: 2, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(sub.Nodes) != 5 || !sub.Truncated {
			t.Errorf("%d nodes, truncated %v; want 5, true", len(sub.Nodes), sub.Truncated)
		}
		in := map[string]bool{}
		for _, n := range sub.Nodes {
			in[n.ID] = true
		}
		for _, r := range sub.Relationships {
			if !in[r.From] || !in[r.To] {
				t.Errorf("relationship %s leaves the subgraph", r.Key())
			}
		}
	})
	t.Run("Errors", func(t *testing.T) {
		if _, err := s.Neighborhood(ctx, "no-such-entity", kg.NeighborhoodQuery{Depth: 1, Limit: 10}); !errors.Is(err, kg.ErrNotFound) {
			t.Errorf("unknown id: err = %v, want ErrNotFound", err)
		}
		for name, q := range map[string]kg.NeighborhoodQuery{
			"DepthTooLarge": {Depth: kg.MaxDepth + 1, Limit: 10},
			"BadLimit":      {Depth: 1, Limit: 0},
			"UnknownType":   {Depth: 1, Limit: 10, Types: []kg.RelationshipType{"LIKES"}},
		} {
			if _, err := s.Neighborhood(ctx, id, q); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("%s: err = %v, want ErrInvalid", name, err)
			}
		}
	})
}

func testShortestPath(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	pairs := []struct {
		from, to string
		types    []kg.RelationshipType
	}{
		{"j-code", "winnipeg", nil},
		{"carfentanil", "opioids", nil},
		{"carfentanil", "opioids", []kg.RelationshipType{"SUBCLASS_OF"}},
		{"project-riverbank", "royal-canadian-mounted-police", nil},
		{"hells-angels", "canada-border-services-agency", nil},
		{"hells-angels", "fentanyl", []kg.RelationshipType{"TRAFFICS", "TARGETS"}},
		{"winnipeg", "canada", []kg.RelationshipType{"LOCATED_IN"}},
	}
	for _, tc := range pairs {
		pr := [2]string{tc.from, tc.to}
		name := tc.from + "-" + tc.to
		for _, typ := range tc.types {
			name += "-" + string(typ)
		}
		t.Run(name, func(t *testing.T) {
			want := x.distance(pr[0], pr[1], tc.types...)
			p, err := s.ShortestPath(ctx, pr[0], pr[1], kg.PathQuery{MaxHops: kg.MaxHops, Types: tc.types})
			if err != nil {
				t.Fatal(err)
			}
			if want < 0 || want > kg.MaxHops {
				if p != nil {
					t.Errorf("path found where the data has none within %d hops", kg.MaxHops)
				}
				return
			}
			if p == nil {
				t.Fatalf("no path; the data has one of length %d", want)
			}
			if len(p.Relationships) != want || len(p.Nodes) != want+1 {
				t.Fatalf("path of %d relationships and %d nodes, want %d and %d", len(p.Relationships), len(p.Nodes), want, want+1)
			}
			if p.Nodes[0].ID != pr[0] || p.Nodes[want].ID != pr[1] {
				t.Errorf("path from %s to %s, want %s to %s", p.Nodes[0].ID, p.Nodes[want].ID, pr[0], pr[1])
			}
			for i, r := range p.Relationships {
				if len(tc.types) > 0 && !slices.Contains(tc.types, r.Type) {
					t.Errorf("relationship %d is a %s, outside %v", i, r.Type, tc.types)
				}
				a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
				if !(r.From == a && r.To == b || r.From == b && r.To == a) {
					t.Errorf("relationship %d (%s) does not join %s and %s", i, r.Key(), a, b)
				}
			}
			if want > 1 {
				short, err := s.ShortestPath(ctx, pr[0], pr[1], kg.PathQuery{MaxHops: want - 1, Types: tc.types})
				if err != nil || short != nil {
					t.Errorf("with maxHops %d: %v, %v; want no path", want-1, short, err)
				}
			}
		})
	}
	t.Run("Errors", func(t *testing.T) {
		if _, err := s.ShortestPath(ctx, "j-code", "no-such-entity", kg.PathQuery{MaxHops: 4}); !errors.Is(err, kg.ErrNotFound) {
			t.Errorf("unknown end: err = %v, want ErrNotFound", err)
		}
		for _, hops := range []int{0, kg.MaxHops + 1} {
			if _, err := s.ShortestPath(ctx, "j-code", "winnipeg", kg.PathQuery{MaxHops: hops}); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("maxHops %d: err = %v, want ErrInvalid", hops, err)
			}
		}
		if _, err := s.ShortestPath(ctx, "j-code", "winnipeg", kg.PathQuery{MaxHops: 4, Types: []kg.RelationshipType{"LIKES"}}); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("unknown relationship type: err = %v, want ErrInvalid", err)
		}
	})
	t.Run("SameEnd", func(t *testing.T) {
		p, err := s.ShortestPath(ctx, "winnipeg", "winnipeg", kg.PathQuery{MaxHops: 4})
		if err != nil || p == nil || len(p.Nodes) != 1 || len(p.Relationships) != 0 {
			t.Errorf("path from winnipeg to itself = %+v, %v; want one node", p, err)
		}
	})
}

func testStats(t *testing.T, s kg.Store, x *expect) {
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := kg.Stats{Entities: map[kg.EntityType]int{}, Relationships: map[kg.RelationshipType]int{}}
	for _, e := range x.ds.Entities {
		want.Entities[e.Type]++
		want.Evidence += len(e.Evidence)
	}
	for _, r := range x.ds.Relationships {
		want.Relationships[r.Type]++
		want.Evidence += len(r.Evidence)
	}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
}
