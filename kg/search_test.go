package kg_test

import (
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

func TestStemsAndPlurals(t *testing.T) {
	e := kg.Entity{
		Type: kg.Initiative, Name: kg.Text{FR: "Programme des sites Web de pharmacies vérifiés", EN: "Pharmacy Verified Websites Program"},
		Description: kg.Text{EN: "Program launched to track legitimate pharmacy websites.", FR: "Programme lancé pour suivre les sites de pharmacies légitimes."},
	}
	tests := []struct {
		query string
		score float64
		lang  kg.Language
	}{
		{"pharmacies", kg.ScoreNameWords, kg.FR}, // a word of the French name
		{"pharmacy", kg.ScoreNamePrefix, kg.EN},  // of the English name
		{"pharmacie", kg.ScoreNameWords, kg.FR},  // French stem of pharmacies
		{"website", kg.ScoreNameWords, kg.EN},    // prefix of websites
		{"programs", kg.ScoreNameWords, kg.EN},   // English stem of program
		{"verifie", kg.ScoreNameWords, kg.FR},    // prefix of verifies
		{"vérifiée", kg.ScoreNameWords, kg.FR},   // French stem of vérifiés
		{"legitimate track", kg.ScoreDescription, kg.EN},
		{"online pharmacies", kg.ScoreSomeWords / 2, kg.FR},
		{"track pharmacies", kg.ScoreDescription, kg.EN}, // pharmacy is the stem of pharmacies
		{"track vérifiés", kg.ScoreAllWords, kg.FR},
		{"cocaine", 0, ""},
		{"the", 0, ""},
	}
	for _, tc := range tests {
		score, _, lang := kg.Score(e, tc.query)
		if score != tc.score || lang != tc.lang {
			t.Errorf("Score(%q) = %v %q, want %v %q", tc.query, score, lang, tc.score, tc.lang)
		}
	}
}

func TestFiguresRankBelowEntities(t *testing.T) {
	fact := kg.Entity{Type: kg.Fact, Name: kg.Text{EN: "Methamphetamine seizures", FR: "Saisies de méthamphétamine"}}
	thing := kg.Entity{Type: kg.Initiative, Name: kg.Text{EN: "Operation Daylight"}, Description: kg.Text{EN: "Reduces the supply of methamphetamine."}}
	f, _, _ := kg.Score(fact, "methamphetamine")
	e, _, _ := kg.Score(thing, "methamphetamine")
	if f != kg.ScoreNamePrefix*kg.FactWeight || e != kg.ScoreDescription || f >= e {
		t.Errorf("figure named by the query scores %v, entity describing it %v; want the entity first", f, e)
	}
}

func TestFacets(t *testing.T) {
	a := &kg.Entity{Type: kg.Place, Category: "city"}
	b := &kg.Entity{Type: kg.Organization, Category: "ngo"}
	c := &kg.Entity{Type: kg.Organization, Category: "company"}
	d := &kg.Entity{Type: kg.Fact}
	f := kg.CountFacets([]*kg.Entity{a, b, c, b, d})
	wantTypes := []kg.TypeCount{{kg.Organization, 3}, {kg.Place, 1}, {kg.Fact, 1}}
	wantCats := []kg.CategoryCount{{kg.Organization, "company", 1}, {kg.Organization, "ngo", 2}, {kg.Place, "city", 1}}
	if len(f.Types) != len(wantTypes) || len(f.Categories) != len(wantCats) {
		t.Fatalf("facets %+v", f)
	}
	for i := range wantTypes {
		if f.Types[i] != wantTypes[i] {
			t.Errorf("types[%d] = %v, want %v", i, f.Types[i], wantTypes[i])
		}
	}
	for i := range wantCats {
		if f.Categories[i] != wantCats[i] {
			t.Errorf("categories[%d] = %v, want %v", i, f.Categories[i], wantCats[i])
		}
	}
}

func TestWithinEdits(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want bool
	}{
		{"riverbnk", "riverbank", 1, true},
		{"fentanil", "fentanyl", 1, true},
		{"fentanil", "fentanyl", 0, false},
		{"kitten", "sitting", 2, false},
		{"kitten", "sitting", 3, true},
		{"abcdef", "bacdef", 1, false}, // a swap is two edits
		{"abcdef", "bacdef", 2, true},
		{"", "ab", 2, true},
		{"abcdefgh", "abcd", 2, false},
	}
	for _, tc := range tests {
		if got := kg.WithinEdits(tc.a, tc.b, tc.k); got != tc.want {
			t.Errorf("WithinEdits(%q, %q, %d) = %v, want %v", tc.a, tc.b, tc.k, got, tc.want)
		}
		if got := kg.WithinEdits(tc.b, tc.a, tc.k); got != tc.want {
			t.Errorf("WithinEdits(%q, %q, %d) = %v, want %v", tc.b, tc.a, tc.k, got, tc.want)
		}
	}
}

func TestTypos(t *testing.T) {
	e := kg.Entity{
		Type: kg.Initiative, Name: kg.Text{FR: "Projet Riverbank", EN: "Project Riverbank"},
		Description: kg.Text{EN: "An investigation of fentanyl trafficking."},
	}
	tests := []struct {
		query string
		score float64
		field string
	}{
		{"riverbank", kg.ScoreNameWords, "name"},
		{"riverbnk", kg.ScoreNameWords * kg.TypoWeight, "name"},         // one edit, 8 letters
		{"project riverbnk", kg.ScoreNameWords * kg.TypoWeight, "name"}, // not exact: a typo
		{"rivrbnk", 0, ""}, // two edits, 7 letters
		{"investigatoin", kg.ScoreDescription * kg.TypoWeight, "description"}, // two edits, 13 letters
		{"fentanil riverbank", kg.ScoreAllWords * kg.TypoWeight, "name"},
		{"fentanil cocaine", kg.ScoreSomeWordsDescription * kg.TypoWeight / 2, "description"},
		{"proj", kg.ScoreNamePrefix, "name"},
		{"projt", kg.ScoreNameWords * kg.TypoWeight, "name"}, // projet, a letter left out: never a prefix
		{"thsi", 0, ""}, // short words take no typo
	}
	for _, tc := range tests {
		score, field, _ := kg.Score(e, tc.query)
		if score != tc.score || field != tc.field {
			t.Errorf("Score(%q) = %v %q, want %v %q", tc.query, score, field, tc.score, tc.field)
		}
	}
	for w, want := range map[string]int{"meth": 0, "fenta": 1, "riverbnk": 1, "riverbank": 2, "x1000000": 0} {
		if got := kg.Typos(w); got != want {
			t.Errorf("Typos(%q) = %d, want %d", w, got, want)
		}
	}
}
