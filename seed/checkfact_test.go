package seed_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drugwatch/roundtable-kg/seed"
)

// factSource has one figure per bounding word, a look-back window, and a sentence found in two
// paragraphs.
const factSource = `Titre

Section A

On a saisi environ 300 kg, plus de 7 millions $ et près de 40 armes. On compte jusqu’à 12 agents, moins de 5 cas et au moins 9 laboratoires.

Le Service de police de Winnipeg est à Winnipeg. La drogue a été consommée au cours des sept derniers jours.

Le Service de police de Winnipeg est à Winnipeg.

Section B

Le nombre a plus que doublé.
`

// fact returns a JSON fact about wps with the given figure and quote in section a.
func fact(id, valueText string, value float64, unit, kind, qualifier, quote string) string {
	return `{"id": "` + id + `", "type": "Fact", "name": {"fr": "f", "en": "f"}, "description": {"fr": "d", "en": "d"},
	  "value": ` + strconv.FormatFloat(value, 'f', -1, 64) + `, "valueText": "` + valueText + `", "unit": "` + unit + `",
	  "kind": "` + kind + `", "measure": "seizures", "qualifier": "` + qualifier + `", "statement": {"fr": "s", "en": "s"}, "about": ["wps"],
	  "evidence": [{"section": "a", "quote": "` + quote + `"}]}`
}

func TestCheckFactsDocumentsPairsAndParagraphs(t *testing.T) {
	docs := `{"documents": [{"id": "doc", "file": "sources/doc.txt", "language": "fr", "sections": [
	  {"id": "title", "heading": "Titre", "headingEn": "Title"}, {"id": "a", "heading": "Section A", "headingEn": "Section A"},
	  {"id": "b", "heading": "Section B"}]}]}`
	data := `{"document": "doc", "entities": [
	  {"id": "doc", "type": "Document", "name": {"fr": "Titre", "en": "Title"}, "description": {"fr": "d", "en": "d"},
	   "url": "http://example.org", "evidence": [{"section": "a", "quote": "On a saisi"}]},
	  {"id": "wps", "type": "Organization", "name": {"fr": "Service de police de Winnipeg", "en": "Winnipeg Police Service"},
	   "description": {"fr": "d", "en": "d"}, "evidence": [{"section": "a", "quote": "Le Service de police de Winnipeg"}]},
	  {"id": "winnipeg", "type": "Place", "name": {"fr": "Winnipeg", "en": "Winnipeg"}, "description": {"fr": "d", "en": "d"},
	   "evidence": [{"section": "a", "quote": "Le Service de police de Winnipeg est à Winnipeg.", "paragraph": 3}]},
	  {"id": "drug", "type": "Substance", "name": {"fr": "Drogue", "en": "Drug"}, "description": {"fr": "d", "en": "d"},
	   "evidence": [{"section": "a", "quote": "La drogue"}]},
	  {"id": "s", "type": "Session", "name": {"fr": "Séance", "en": "Session"}, "description": {"fr": "d", "en": "d"},
	   "evidence": [{"section": "b", "quote": "Le nombre"}]},
	  ` + fact("fact-approx", "300", 300, "kilograms", "amount", "exact", "environ 300 kg") + `,
	  ` + fact("fact-more", "7 millions", 7e6, "CAD", "money", "exact", "plus de 7 millions $") + `,
	  ` + fact("fact-near", "40", 40, "weapons", "count", "more-than", "près de 40 armes") + `,
	  ` + fact("fact-upto", "12", 12, "agents", "count", "exact", "jusqu’à 12 agents") + `,
	  ` + fact("fact-less", "5", 5, "cases", "count", "exact", "moins de 5 cas") + `,
	  ` + fact("fact-atleast", "9", 9, "laboratories", "count", "exact", "au moins 9 laboratoires") + `,
	  ` + fact("fact-ok", "9", 9, "laboratories", "count", "at-least", "au moins 9 laboratoires") + `,
	  ` + fact("fact-unfounded", "9", 9, "laboratories", "count", "approximately", "9 laboratoires") + `,
	  ` + fact("fact-window", "sept", 7, "days", "duration", "exact", "au cours des sept derniers jours") + `,
	  ` + fact("fact-share", "300", 300, "kilograms", "share", "approximately", "environ 300 kg") + `,
	  ` + fact("fact-bad-kind", "300", 300, "kilograms", "weight", "roughly", "environ 300 kg") + `,
	  {"id": "fact-doubled", "type": "Fact", "name": {"fr": "f", "en": "f"}, "description": {"fr": "d", "en": "d"}, "value": 2,
	   "valueText": "plus que doublé", "unit": "ratio", "kind": "change", "measure": "seizures", "qualifier": "exact", "noSession": "test",
	   "statement": {"fr": "s", "en": "s"}, "about": ["wps"], "evidence": [{"section": "b", "quote": "Le nombre a plus que doublé."}]}
	], "relationships": [
	  {"type": "LOCATED_IN", "from": "wps", "to": "winnipeg", "evidence": [{"section": "a", "quote": "Le Service de police de Winnipeg est à Winnipeg."}]},
	  {"type": "OPERATES_IN", "from": "wps", "to": "winnipeg", "evidence": [{"section": "a", "quote": "Winnipeg est à Winnipeg. La drogue", "paragraph": 3}]},
	  {"type": "SEIZED", "from": "wps", "to": "drug", "evidence": [{"section": "a", "quote": "La drogue a été consommée"}]},
	  {"type": "SEIZED", "from": "s", "to": "drug", "evidence": [{"section": "a", "quote": "On a saisi environ 300 kg"}]},
	  {"type": "DISCUSSED_IN", "from": "fact-ok", "to": "s", "evidence": [{"section": "a", "quote": "au moins 9 laboratoires"}]},
	  {"type": "DISCUSSED_IN", "from": "fact-doubled", "to": "s", "evidence": [{"section": "b", "quote": "Le nombre a plus que doublé."}]},
	  {"type": "HELD_IN", "from": "s", "to": "winnipeg", "evidence": [{"section": "a", "quote": "sept derniers jours. Le Service"}]}
	]}`
	ds := mustReadOne(t, docs, factSource, data)
	wantReported(t, "Check", lines(seed.Check(ds)), []string{
		`fact-approx: qualifier "exact" disagrees with the quote, which says "environ 300 kg": want "approximately"`,
		`fact-more: qualifier "exact" disagrees with the quote, which says "plus de 7 millions $": want "more-than"`,
		`fact-near: qualifier "more-than" disagrees with the quote, which says "près de 40 armes": want "approximately"`,
		`fact-upto: qualifier "exact" disagrees with the quote, which says "jusqu’à 12 agents": want "up-to"`,
		`fact-less: qualifier "exact" disagrees with the quote, which says "moins de 5 cas": want "less-than"`,
		`fact-atleast: qualifier "exact" disagrees with the quote, which says "au moins 9 laboratoires": want "at-least"`,
		`fact-unfounded: qualifier "approximately" is not in any quote of the fact`,
		`fact-window: "sept" is the length of the window the statement looks back over`,
		`fact-share: a share is in percent, not "kilograms"`,
		`fact-bad-kind: fact kind "weight" is not one of`,
		`fact-bad-kind: fact qualifier "roughly" is not one of`,
		`fact-doubled: qualifier "exact" disagrees with the quote, which says "Le nombre a plus que doublé.": want "more-than"`,
		`fact-doubled: fact has a session and a "noSession" reason`,
		`fact-approx: fact is reported in no session (DISCUSSED_IN) and "noSession" does not say why`,
		`doc: document needs a publisher in fr and en`,
		`doc: document needs its https address (url)`,
		`doc: document needs the date of the event it summarises (eventDate)`,
		`doc: section b needs a heading in fr and en`,
		`OPERATES_IN wps -> winnipeg: also LOCATED_IN the same place: keep the one the quote states`,
		`wps: quote occurs in paragraphs [2 3] of section a: give "paragraph"`,
		`LOCATED_IN wps -> winnipeg: quote occurs in paragraphs [2 3] of section a: give "paragraph"`,
		`OPERATES_IN wps -> winnipeg: quote is not in paragraph 3 of section a`,
		`HELD_IN s -> winnipeg: quote is in no single paragraph of section a`,
		`SEIZED wps -> drug: the first quote does not state it`,
		`SEIZED s -> drug: SEIZED may not go from Session to Substance`,
	}, []string{"fact-ok:", "winnipeg: quote"})
	for _, e := range ds.Entities {
		if e.ID == "winnipeg" && e.Evidence[0].Paragraph != 3 {
			t.Errorf("winnipeg's evidence has paragraph %d, want the 3 the data gives", e.Evidence[0].Paragraph)
		}
		if e.ID == "fact-ok" && e.Evidence[0].Paragraph != 1 {
			t.Errorf("fact-ok's evidence has paragraph %d, want 1", e.Evidence[0].Paragraph)
		}
	}
}

func TestCheckTranslations(t *testing.T) {
	data := `{"document": "doc", "entities": [
	  ` + entity("doc", "Document", "Titre", "La GRC", docExtra) + `,
	  ` + entity("rcmp", "Organization", "GRC", "La GRC a saisi", "") + `
	]}`
	translations := `{"quotes": [
	  {"section": "a", "fr": "La GRC", "en": "The RCMP"},
	  {"section": "a", "fr": "La GRC", "en": "The RCMP again"},
	  {"section": "b", "fr": "Le Projet X cible le fentanyl.", "en": ""},
	  {"section": "b", "fr": "La GRC a saisi", "en": "The RCMP seized"}
	]}`
	fsys := fstest.MapFS{
		"documents.json":          {Data: []byte(testDocuments)},
		"sources/doc.txt":         {Data: []byte(testSource)},
		"data/a.json":             {Data: []byte(data)},
		"data/quotes-en.json":     {Data: []byte(translations)},
		"data/not-a-quotes.json0": {Data: []byte("ignored")},
	}
	ds := mustRead(t, fsys)
	if ps := seed.Check(ds); len(ps) > 0 {
		t.Errorf("Check, which does not require translations, reported %v", ps)
	}
	ps := seed.CheckTranslations(ds)
	got := lines(ps)
	wantReported(t, "CheckTranslations", got, []string{
		`data/quotes-en.json: a: La GRC: translated twice`,
		`data/quotes-en.json: b: Le Projet X cible le fentanyl.: empty translation`,
		`data/quotes-en.json: b: Le Projet X cible le fentanyl.: translates no quote of the data`,
		`data/quotes-en.json: b: La GRC a saisi: no evidence of this section cites the quote`,
	}, nil)
	if n := len(ps); n != 4 {
		t.Errorf("CheckTranslations reported %d problems, want 4:\n%s", n, got)
	}
	if !strings.Contains(got, "no English translation") {
		// Remove the translation of "La GRC a saisi" and the quote goes untranslated.
		ds.Translations = ds.Translations[:3]
		if ps := seed.CheckTranslations(ds); !strings.Contains(fmt.Sprint(ps), `rcmp: quote has no English translation in data/quotes-en.json: section a: "La GRC a saisi"`) {
			t.Errorf("without its translation, CheckTranslations = %v", ps)
		}
	}
	for _, e := range ds.Entities {
		if e.ID == "doc" && e.Evidence[0].QuoteEN != "The RCMP again" && e.Evidence[0].QuoteEN != "The RCMP" {
			t.Errorf("doc's evidence has translation %q, want the file's", e.Evidence[0].QuoteEN)
		}
		if e.ID == "rcmp" && e.Evidence[0].QuoteEN != "The RCMP seized" {
			t.Errorf("rcmp's evidence has translation %q, want the one matched by its French words", e.Evidence[0].QuoteEN)
		}
	}
}
