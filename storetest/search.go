package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
)

// searchAll answers a search from the dataset directly, with the shared ranking code: what every
// store must return, candidates included.
func (x *expect) searchAll(q kg.SearchQuery) kg.SearchPage {
	if x.docs == nil {
		x.docs = make([]kg.SearchDoc, len(x.ds.Entities))
		for i, e := range x.ds.Entities {
			x.docs[i] = kg.NewSearchDoc(e)
		}
	}
	m := kg.NewMatcher(q.Text)
	var hits []kg.SearchHit
	for i, e := range x.ds.Entities {
		if score, field, lang := m.Score(x.docs[i]); score > 0 {
			hits = append(hits, kg.SearchHit{Entity: e, Score: score, Field: field, Language: lang})
		}
	}
	return kg.RankSearch(q, hits)
}

type scored struct {
	ID    string
	Score float64
	Field string
}

func scoredHits(hits []kg.SearchHit) []scored {
	out := make([]scored, len(hits))
	for i, h := range hits {
		out[i] = scored{h.Entity.ID, h.Score, h.Field}
	}
	return out
}

func rank(hits []kg.SearchHit, id string) int {
	return slices.IndexFunc(hits, func(h kg.SearchHit) bool { return h.Entity.ID == id })
}

// testSearchRanking checks the ranking: stems and plurals in both languages, entities before the
// figures about them, the type filters and the facets.
func testSearchRanking(t *testing.T, s kg.Store, x *expect) {
	ctx := context.Background()
	search := func(t *testing.T, q kg.SearchQuery) kg.SearchPage {
		t.Helper()
		if q.Limit == 0 {
			q.Limit = kg.MaxPageSize
		}
		page, err := s.Search(ctx, q)
		if err != nil {
			t.Fatalf("Search(%q): %v", q.Text, err)
		}
		return page
	}
	// Every hit and its score, as the shared ranking gives them over the dataset: on Neo4j this
	// fails if the full-text candidates miss an entity found through a stem.
	t.Run("SameAsDataset", func(t *testing.T) {
		for _, text := range []string{
			"pharmacy", "pharmacies", "online pharmacies", "angel", "angels", "methamphetamine",
			"organisations criminelles", "vérifiés", "verified websites", "seizures", "saisie",
			"policing", "opérations", "the", "de la", "straße", "œuvre", "fentanyl 2019",
			"Riverbnk", "fentanil", "methamphetamne", "projet riverbnk", "therr", "crystal mth",
			"Indigenous", "autochtones", "first nations", "Inuit", "meth", "RCMP drugs", "ASFC", "opioïde",
		} {
			want := x.searchAll(kg.SearchQuery{Text: text, Page: kg.Page{Limit: kg.MaxPageSize}})
			got := search(t, kg.SearchQuery{Text: text})
			if diff := cmp.Diff(scoredHits(want.Hits), scoredHits(got.Hits)); diff != "" || want.Total != got.Total {
				t.Errorf("Search(%q): total %d, want %d; hits (-want +got):\n%s", text, got.Total, want.Total, diff)
			}
		}
	})
	t.Run("Stems", func(t *testing.T) {
		tests := []struct{ text, id string }{
			{"pharmacy", "alliance-for-safe-online-pharmacies-canada"}, // Pharmacies
			{"pharmacies", "pharmacy-verified-websites-program"},       // Pharmacy
			{"online pharmacies", "pharmacy-verified-websites-program"},
			{"vérifié", "pharmacy-verified-websites-program"}, // vérifiés
		}
		for _, tc := range tests {
			if i := rank(search(t, kg.SearchQuery{Text: tc.text}).Hits, tc.id); i < 0 {
				t.Errorf("Search(%q) does not find %s", tc.text, tc.id)
			}
		}
	})
	// A longer word with a typo finds the entity, below every match as written.
	t.Run("Typos", func(t *testing.T) {
		tests := []struct{ text, id string }{
			{"Riverbnk", "project-riverbank"},
			{"fentanil", "fentanyl"},
			{"methamphetamne", "methamphetamine"},
			{"Projet Riverbnk", "project-riverbank"},
		}
		for _, tc := range tests {
			hits := search(t, kg.SearchQuery{Text: tc.text}).Hits
			if len(hits) == 0 || hits[0].Entity.ID != tc.id || hits[0].Score > kg.ScoreNameWords*kg.TypoWeight {
				t.Errorf("Search(%q): first hits %v, want %s first, scored at most %v", tc.text, scoredHits(hits[:min(3, len(hits))]), tc.id, kg.ScoreNameWords*kg.TypoWeight)
			}
		}
		// Short words take no typo: "meht" is not "meth".
		if hits := search(t, kg.SearchQuery{Text: "meht"}).Hits; len(hits) != 0 {
			t.Errorf("Search(meht) finds %v, want nothing", scoredHits(hits))
		}
		// The word as written keeps its rank: fentanyl is fentanyl's exact name.
		if hits := search(t, kg.SearchQuery{Text: "fentanyl"}).Hits; len(hits) == 0 || hits[0].Entity.ID != "fentanyl" || hits[0].Score != kg.ScoreExactName {
			t.Errorf("Search(fentanyl): first hits %v", scoredHits(hits[:min(3, len(hits))]))
		}
	})
	// A term of the synonym list finds what holds its synonyms, below what holds it as written.
	t.Run("Synonyms", func(t *testing.T) {
		tests := []struct {
			text string
			ids  []string
		}{
			{"Indigenous", []string{"indigenous-organized-crime-groups", "muskoday-first-nation", "inuit-communities", "metis-and-non-status-indian-communities"}},
			{"autochtones", []string{"indigenous-organized-crime-groups", "first-nations-communities", "inuit-communities"}},
			{"meth", []string{"methamphetamine", "crystal-methamphetamine"}},
			{"Gendarmerie royale du Canada", []string{"royal-canadian-mounted-police"}},
			{"Agence des services frontaliers du Canada", []string{"canada-border-services-agency"}},
		}
		for _, tc := range tests {
			hits := search(t, kg.SearchQuery{Text: tc.text}).Hits
			for _, id := range tc.ids {
				if rank(hits, id) < 0 {
					t.Errorf("Search(%q) does not find %s", tc.text, id)
				}
			}
		}
		hits := search(t, kg.SearchQuery{Text: "Indigenous"}).Hits
		if len(hits) == 0 || hits[0].Entity.ID != "indigenous-organized-crime-groups" || rank(hits, "inuit-communities") < 1 {
			t.Errorf("Search(Indigenous): first hits %v, want the entity named so first, then its synonyms", scoredHits(hits[:min(5, len(hits))]))
		}
		// Narrower terms do not find one another.
		if i := rank(search(t, kg.SearchQuery{Text: "Inuit"}).Hits, "muskoday-first-nation"); i >= 0 {
			t.Errorf("Search(Inuit) finds a First Nation at %d", i)
		}
	})
	t.Run("EntitiesBeforeFigures", func(t *testing.T) {
		tests := map[string][]string{
			"methamphetamine": {"crystal-meth-strategy", "operation-daylight-initiative"},
			"angel":           {"hells-angels", "angel-program"},
		}
		for text, ids := range tests {
			hits := search(t, kg.SearchQuery{Text: text}).Hits
			firstFact := slices.IndexFunc(hits, func(h kg.SearchHit) bool { return h.Entity.Type == kg.Fact })
			if firstFact < 0 {
				t.Errorf("Search(%q) finds no figure", text)
				continue
			}
			for _, id := range ids {
				if i := rank(hits, id); i < 0 || i > firstFact {
					t.Errorf("Search(%q): %s at %d, first figure at %d; hits %v", text, id, i, firstFact, hitIDs(hits))
				}
			}
		}
	})
	t.Run("TypeFilters", func(t *testing.T) {
		all := search(t, kg.SearchQuery{Text: "methamphetamine"})
		only := search(t, kg.SearchQuery{Text: "methamphetamine", Types: []kg.EntityType{kg.Initiative, kg.Substance}})
		without := search(t, kg.SearchQuery{Text: "methamphetamine", ExcludeTypes: []kg.EntityType{kg.Fact, kg.Place}})
		var wantOnly, wantWithout []string
		for _, h := range all.Hits {
			switch h.Entity.Type {
			case kg.Initiative, kg.Substance:
				wantOnly = append(wantOnly, h.Entity.ID)
			}
			if h.Entity.Type != kg.Fact && h.Entity.Type != kg.Place {
				wantWithout = append(wantWithout, h.Entity.ID)
			}
		}
		if diff := cmp.Diff(wantOnly, hitIDs(only.Hits)); diff != "" || len(wantOnly) == 0 {
			t.Errorf("types filter (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantWithout, hitIDs(without.Hits)); diff != "" || len(wantWithout) == len(all.Hits) {
			t.Errorf("excludeTypes filter (-want +got):\n%s", diff)
		}
		if _, err := s.Search(ctx, kg.SearchQuery{Text: "x", ExcludeTypes: []kg.EntityType{"Nope"}, Page: kg.Page{Limit: 1}}); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("unknown excluded type: err = %v, want ErrInvalid", err)
		}
	})
	t.Run("SearchFacets", func(t *testing.T) {
		all := search(t, kg.SearchQuery{Text: "police", WantFacets: true})
		filtered := search(t, kg.SearchQuery{Text: "police", Types: []kg.EntityType{kg.Fact}, Page: kg.Page{Limit: 1}, WantFacets: true})
		ents := make([]*kg.Entity, len(all.Hits))
		for i := range all.Hits {
			ents[i] = &all.Hits[i].Entity
		}
		want := kg.CountFacets(ents)
		if diff := cmp.Diff(want, all.Facets); diff != "" {
			t.Errorf("facets of police (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, filtered.Facets); diff != "" {
			t.Errorf("facets of police, figures only: the type filter changed them (-want +got):\n%s", diff)
		}
		n := 0
		for _, tc := range want.Types {
			n += tc.Count
		}
		if n != all.Total || len(want.Categories) < 2 {
			t.Errorf("facets count %d entities in %d categories, search found %d", n, len(want.Categories), all.Total)
		}
	})
	t.Run("GraphFacets", func(t *testing.T) {
		got, err := s.Facets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		types := map[kg.EntityType]int{}
		cats := map[[2]string]int{}
		for _, e := range x.ds.Entities {
			types[e.Type]++
			if e.Category != "" {
				cats[[2]string{string(e.Type), e.Category}]++
			}
		}
		gotTypes := map[kg.EntityType]int{}
		for _, tc := range got.Types {
			gotTypes[tc.Type] = tc.Count
		}
		gotCats := map[[2]string]int{}
		for i, c := range got.Categories {
			gotCats[[2]string{string(c.Type), c.Category}] = c.Count
			if i > 0 && slices.Index(kg.EntityTypes, got.Categories[i-1].Type) == slices.Index(kg.EntityTypes, c.Type) && got.Categories[i-1].Category >= c.Category {
				t.Errorf("categories out of order at %d: %v", i, got.Categories[i-1:i+1])
			}
		}
		if diff := cmp.Diff(types, gotTypes); diff != "" {
			t.Errorf("type facets (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(cats, gotCats); diff != "" {
			t.Errorf("category facets (-want +got):\n%s", diff)
		}
	})
}
