package seed_test

import (
	"testing"

	"github.com/drugwatch/roundtable-kg/seed"
)

func TestDataHasNoProblems(t *testing.T) {
	ds := mustRead(t, seed.FS())
	problems := seed.Check(ds)
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) == 0 {
		if _, err := seed.Load(); err != nil {
			t.Fatalf("Load: %v", err)
		}
	}
}

func TestParseFrenchNumber(t *testing.T) {
	tests := map[string]float64{
		"14 700":          14700,
		"14\u00a0700":     14700,
		"600 %":           600,
		"1,5 million":     1.5e6,
		"2,3 milliards $": 2.3e9,
		"vingt-cinq":      25,
		"trois":           3,
		"dix-sept":        17,
		"deux cents":      200,
		"trois mille":     3000,
		"un tiers":        1.0 / 3,
		"50 000 $":        50000,
		"2019":            2019,
		"a triplé":        3,
		"troisième":       3,
		"plus que doublé": 2,
	}
	for in, want := range tests {
		got, err := seed.ParseFrenchNumber(in)
		if err != nil {
			t.Errorf("ParseFrenchNumber(%q): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("ParseFrenchNumber(%q) = %v, want %v", in, got, want)
		}
	}
	for _, bad := range []string{"", "beaucoup", "la plupart"} {
		if v, err := seed.ParseFrenchNumber(bad); err == nil {
			t.Errorf("ParseFrenchNumber(%q) = %v, want an error", bad, v)
		}
	}
}

// TestEveryQuoteHasATranslation holds the shipped data to its English translations: every
// evidence quote has one in data/quotes-en.json, and every translation there translates a quote.
func TestEveryQuoteHasATranslation(t *testing.T) {
	ds := mustRead(t, seed.FS())
	problems := seed.CheckTranslations(ds)
	for i, p := range problems {
		if i == 20 {
			t.Errorf("... and %d more", len(problems)-i)
			break
		}
		t.Error(p)
	}
}
