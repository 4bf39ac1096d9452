package kg_test

import (
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/seed"
)

// TestSynonymsFindSomething checks that every term of the synonym list, searched as written
// (without its synonyms), finds an entity of the graph: the list speaks of the graph's terms.
func TestSynonymsFindSomething(t *testing.T) {
	ds, err := seed.Read(seed.FS())
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]kg.SearchDoc, len(ds.Entities))
	for i, e := range ds.Entities {
		docs[i] = kg.NewSearchDoc(e)
	}
	terms := 0
	for _, group := range kg.Synonyms() {
		for _, term := range group {
			terms++
			m := kg.NewMatcherWithoutSynonyms(term)
			found := false
			for _, d := range docs {
				if s, _, _ := m.Score(d); s > 0 {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("synonym %q (of %q) finds nothing in the graph", term, group)
			}
		}
	}
	if terms < 20 {
		t.Errorf("only %d synonyms", terms)
	}
}

func TestSynonyms(t *testing.T) {
	firstNations := kg.Entity{Type: kg.Place, Name: kg.Text{EN: "Muskoday First Nation", FR: "Première Nation de Muskoday"}}
	inuit := kg.Entity{Type: kg.Place, Name: kg.Text{EN: "Inuit communities", FR: "Communautés inuites"}}
	indigenous := kg.Entity{Type: kg.Organization, Name: kg.Text{EN: "Indigenous organized crime groups", FR: "Groupes autochtones du crime organisé"}}
	rcmp := kg.Entity{Type: kg.Organization, Name: kg.Text{EN: "Royal Canadian Mounted Police", FR: "Gendarmerie royale du Canada"}}
	tests := []struct {
		e     kg.Entity
		query string
		score float64
	}{
		{firstNations, "indigenous", kg.ScoreNameWords * kg.SynonymWeight},
		{inuit, "Indigenous", kg.ScoreNamePrefix * kg.SynonymWeight},
		{inuit, "autochtones", kg.ScoreNamePrefix * kg.SynonymWeight},
		{indigenous, "Inuit", kg.ScoreNamePrefix * kg.SynonymWeight},
		{indigenous, "indigenous", kg.ScoreNamePrefix},                    // as written first
		{inuit, "first nations", 0},                                       // narrower terms do not find one another
		{rcmp, "RCMP", kg.ScoreExactName * kg.SynonymWeight},              // the acronym finds the name
		{rcmp, "grc drugs", kg.ScoreSomeWords * 4 / 5 * kg.SynonymWeight}, // 4 words of 5 once grc is the name
		{rcmp, "royal canadian", kg.ScoreNamePrefix},
	}
	for _, tc := range tests {
		if got, _, _ := kg.Score(tc.e, tc.query); got != tc.score {
			t.Errorf("Score(%s, %q) = %v, want %v", tc.e.Name.EN, tc.query, got, tc.score)
		}
	}
	for _, bad := range []string{"alone", "a | ", "> a | b", "a | !!"} {
		if _, err := kg.ParseSynonyms(bad); err == nil {
			t.Errorf("ParseSynonyms(%q): no error", bad)
		}
	}
}
