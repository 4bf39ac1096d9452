package kg_test

import (
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

func TestCite(t *testing.T) {
	doc := &kg.Entity{
		ID: "doc", Type: kg.Document, Language: kg.FR, URL: "https://example.org/doc",
		Name:      kg.Text{FR: "Titre", EN: "Title"},
		Publisher: kg.Text{FR: "Éditeur", EN: "Publisher"},
		Sections:  []kg.Section{{ID: "s1", Title: kg.Text{FR: "Séance 1", EN: "Session 1"}}},
	}
	ev := kg.Evidence{Document: "doc", Section: "s1", Quote: "q", Paragraph: 3}
	dated := *doc
	dated.PublicationDate = "2020-02-01"
	tests := map[string]struct {
		doc  *kg.Entity
		ev   kg.Evidence
		lang kg.Language
		want string
	}{
		"EN":          {doc, ev, kg.EN, `Publisher. (n.d.). Titre [Title] (in French). Section "Session 1", paragraph 3. https://example.org/doc`},
		"FR":          {doc, ev, kg.FR, `Éditeur. (s. d.). Titre. Section « Séance 1 », paragraphe 3. https://example.org/doc`},
		"Dated":       {&dated, ev, kg.EN, `Publisher. (2020-02-01). Titre [Title] (in French). Section "Session 1", paragraph 3. https://example.org/doc`},
		"NoParagraph": {doc, kg.Evidence{Document: "doc", Section: "s1"}, kg.FR, `Éditeur. (s. d.). Titre. Section « Séance 1 ». https://example.org/doc`},
		"NoSection":   {doc, kg.Evidence{Document: "doc", Section: "zz", Paragraph: 1}, kg.EN, `Publisher. (n.d.). Titre [Title] (in French). Section "zz", paragraph 1. https://example.org/doc`},
		"NoDocument":  {nil, ev, kg.FR, `doc, section s1, paragraphe 3.`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := kg.Cite(tc.doc, tc.ev, tc.lang); got != tc.want {
				t.Errorf("Cite = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestQuoteIn(t *testing.T) {
	ev := kg.Evidence{Quote: "la GRC", QuoteEN: "the RCMP"}
	if got, tr := ev.QuoteIn(kg.EN); got != "the RCMP" || !tr {
		t.Errorf("QuoteIn(EN) = %q, %v", got, tr)
	}
	if got, tr := ev.QuoteIn(kg.FR); got != "la GRC" || tr {
		t.Errorf("QuoteIn(FR) = %q, %v", got, tr)
	}
	ev.QuoteEN = ""
	if got, tr := ev.QuoteIn(kg.EN); got != "la GRC" || tr {
		t.Errorf("QuoteIn(EN) without translation = %q, %v, want the French words and false", got, tr)
	}
}
