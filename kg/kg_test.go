package kg_test

import (
	"errors"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Méthamphétamine":          "methamphetamine",
		"METHAMPHETAMINE":          "methamphetamine",
		"Nouvelle\u2011Écosse":     "nouvelle ecosse",
		"d’application  de la loi": "d application de la loi",
		"J-CODE":                   "j code",
		"Opioïdes":                 "opioides",
		"  ":                       "",
	}
	for in, want := range tests {
		if got := kg.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeSpace(t *testing.T) {
	if got := kg.NormalizeSpace(" 14\u00a0700\n décès\u202f! "); got != "14 700 décès !" {
		t.Errorf("NormalizeSpace = %q", got)
	}
}

func TestSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"royal-canadian-mounted-police": true, "j-code": true, "fact-2019": true,
		"": false, "-a": false, "a-": false, "a--b": false, "Bad": false, "é": false, "a b": false,
	} {
		if got := kg.Slug(s); got != want {
			t.Errorf("Slug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTextFallsBackToTheOtherLanguage(t *testing.T) {
	both := kg.Text{FR: "Opioïdes", EN: "Opioids"}
	onlyFR := kg.Text{FR: "Projet Riverbank"}
	if both.In(kg.FR) != "Opioïdes" || both.In(kg.EN) != "Opioids" || onlyFR.In(kg.EN) != "Projet Riverbank" {
		t.Error("Text.In does not pick or fall back as documented")
	}
}

func TestScoreTiers(t *testing.T) {
	e := kg.Entity{
		Type: kg.Substance, Name: kg.Text{FR: "Méthamphétamine", EN: "Methamphetamine"},
		Aliases:     []string{"meth"},
		Description: kg.Text{EN: "A powerful stimulant", FR: "Un stimulant puissant"},
	}
	tests := []struct {
		query string
		score float64
		field string
	}{
		{"methamphetamine", kg.ScoreExactName, "name"},
		{"meth", kg.ScoreExactAlias, "alias"},
		{"metham", kg.ScoreNamePrefix, "name"},
		{"stimulant", kg.ScoreDescription, "description"},
		{"cocaine", 0, ""},
	}
	for _, tc := range tests {
		score, field, _ := kg.Score(e, kg.Fold(tc.query))
		if score != tc.score || field != tc.field {
			t.Errorf("Score(%q) = %v %q, want %v %q", tc.query, score, field, tc.score, tc.field)
		}
	}
}

func TestChecks(t *testing.T) {
	if err := kg.CheckRelTypes([]kg.RelationshipType{"RUNS", "TARGETS"}); err != nil {
		t.Errorf("known types: %v", err)
	}
	if err := kg.CheckRelTypes([]kg.RelationshipType{"RUNS", "x]->() DELETE n"}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("unknown type: %v, want ErrInvalid", err)
	}
	if _, err := kg.CheckSearchQuery(kg.SearchQuery{Text: "¿?", Page: kg.Page{Limit: 1}}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("search text without letters: %v, want ErrInvalid", err)
	}
	for _, tc := range []struct {
		n          int
		p          kg.Page
		start, end int
		more       bool
	}{
		{10, kg.Page{Offset: 0, Limit: 5}, 0, 5, true},
		{10, kg.Page{Offset: 8, Limit: 5}, 8, 10, false},
		{10, kg.Page{Offset: 20, Limit: 5}, 10, 10, false},
	} {
		if start, end, more := kg.Window(tc.n, tc.p); start != tc.start || end != tc.end || more != tc.more {
			t.Errorf("Window(%d, %+v) = %d, %d, %v; want %d, %d, %v", tc.n, tc.p, start, end, more, tc.start, tc.end, tc.more)
		}
	}
	// An offset past kg.MaxOffset is refused before any store adds a page size to it.
	if err := kg.CheckEntityQuery(kg.EntityQuery{Page: kg.Page{Offset: kg.MaxOffset + 1, Limit: 1}}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("offset past MaxOffset: %v, want ErrInvalid", err)
	}
}

func TestVocabularyIsConsistent(t *testing.T) {
	seen := map[kg.RelationshipType]bool{}
	for _, r := range kg.Vocabulary {
		if seen[r.Name] || len(r.From) == 0 || len(r.To) == 0 || r.Meaning == "" {
			t.Errorf("vocabulary entry %+v is duplicated or incomplete", r)
		}
		seen[r.Name] = true
		for _, typ := range append(append([]kg.EntityType{}, r.From...), r.To...) {
			if !typ.Valid() {
				t.Errorf("%s names unknown type %s", r.Name, typ)
			}
		}
	}
}

func TestSeriesOf(t *testing.T) {
	facts := []kg.Entity{
		{ID: "b", Type: kg.Fact, Series: "s", Period: "2018", Value: 408},
		{ID: "other", Type: kg.Fact, Series: "t", Period: "2015"},
		{ID: "a", Type: kg.Fact, Series: "s", Period: "2013", Value: 36},
		{ID: "none", Type: kg.Fact, Period: "2010"},
	}
	got := kg.SeriesOf(facts, "s")
	if len(got) != 2 || got[0].ID != "a" || got[1].ID != "b" {
		t.Fatalf("SeriesOf = %v, want a then b", got)
	}
	if prev, ok := kg.Previous(got, got[1]); !ok || prev.ID != "a" {
		t.Errorf("Previous(b) = %v, %v; want a", prev.ID, ok)
	}
	if _, ok := kg.Previous(got, got[0]); ok {
		t.Error("the first figure of a series has a previous one")
	}
	if n := len(kg.SeriesOf(facts, "")); n != 0 {
		t.Errorf("SeriesOf(\"\") has %d facts, want none", n)
	}
}
