package seed_test

import (
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/seed"
)

// provSource has a footnote marker, as the web page of a report leaves it, an average, an order and
// two figures of one measure at two dates.
const provSource = `Titre

Section A

Le ministère a créé l’équipe X (EX)Note de bas de page 2 en janvier 2018. En moyenne trois drogues sont identifiées chaque mois.

La drogue A, la drogue B et la drogue C sont les substances les plus couramment interceptées. On comptait 36 cas en 2013 et 408 cas en 2018.
`

func TestCheckProvenanceRanksAndSeries(t *testing.T) {
	docs := `{"documents": [{"id": "doc", "file": "sources/doc.txt", "language": "fr", "sections": [
	  {"id": "title", "heading": "Titre", "headingEn": "Title"}, {"id": "a", "heading": "Section A", "headingEn": "Section A"}]}]}`
	ent := func(id, typ, quote, extra string) string {
		return `{"id": "` + id + `", "type": "` + typ + `", "name": {"fr": "` + id + `", "en": "` + id + `"}, "description": {"fr": "d", "en": "d"}, ` +
			extra + `"evidence": [{"section": "a", "quote": "` + quote + `"}]}`
	}
	figure := func(id, text string, value, period, series, extra string) string {
		return ent(id, "Fact", text, `"value": `+value+`, "valueText": "`+strings.Fields(text)[0]+`", "unit": "cases", "kind": "count", "measure": "cases", `+
			`"qualifier": "exact", "period": "`+period+`", "series": "`+series+`", "noSession": "test", "statement": {"fr": "s", "en": "s"}, "about": ["a"], `+extra)
	}
	data := `{"document": "doc", "entities": [
	  ` + ent("doc", "Document", "Titre", docExtra) + `,
	  ` + ent("ministere", "Organization", "Le ministère", "") + `,
	  ` + ent("team", "Initiative", "l’équipe X (EX) en janvier 2018", "") + `,
	  ` + ent("debris", "Initiative", "l’équipe X (EX)Note de bas de page 2", "") + `,
	  ` + ent("a", "Substance", "La drogue A", "") + `,
	  ` + ent("b", "Substance", "la drogue B", "") + `,
	  ` + ent("place", "Place", "Titre", "") + `,
	  ` + figure("cases-2013", "36 cas en 2013", "36", "2013", "cases", "") + `,
	  ` + figure("cases-2018", "408 cas en 2018", "408", "2018", "cases", "") + `,
	  ` + figure("cases-alone", "408 cas en 2018", "408", "2018", "alone", "") + `,
	  {"id": "new-drugs", "type": "Fact", "name": {"fr": "f", "en": "f"}, "description": {"fr": "d", "en": "d"}, "value": 3,
	   "valueText": "trois", "unit": "drugs per month", "kind": "rate", "measure": "identifications", "qualifier": "exact", "noSession": "test",
	   "statement": {"fr": "s", "en": "s"}, "about": ["a"], "evidence": [{"section": "a", "quote": "En moyenne trois drogues"}]},
	  {"id": "no-measure", "type": "Fact", "name": {"fr": "f", "en": "f"}, "description": {"fr": "d", "en": "d"}, "value": 3,
	   "valueText": "trois", "unit": "drugs per month", "kind": "rate", "qualifier": "average", "noSession": "test",
	   "statement": {"fr": "s", "en": "s"}, "about": ["a"], "evidence": [{"section": "a", "quote": "En moyenne trois drogues"}]}
	], "relationships": [
	  {"type": "CREATED", "from": "ministere", "to": "team", "evidence": [{"section": "a", "quote": "Le ministère a créé l’équipe X (EX) en janvier 2018"}]},
	  {"type": "INTERCEPTS", "from": "ministere", "to": "a", "rank": 1, "evidence": [{"section": "a", "quote": "La drogue A, la drogue B et la drogue C sont les substances les plus couramment interceptées."}]},
	  {"type": "SEIZED", "from": "ministere", "to": "b", "rank": 2, "evidence": [{"section": "a", "quote": "La drogue A"}]},
	  {"type": "LOCATED_IN", "from": "ministere", "to": "place", "evidence": [{"kind": "reference", "note": "The ministry is in the place."}]},
	  {"type": "OPERATES_IN", "from": "team", "to": "place", "evidence": [{"kind": "reference", "note": "The team works there."}]},
	  {"type": "LOCATED_IN", "from": "team", "to": "place", "evidence": [{"kind": "reference", "section": "a", "quote": "Titre"}]}
	]}`
	ds := mustReadOne(t, docs, provSource, data)
	wantReported(t, "Check", lines(seed.Check(ds)), []string{
		`debris: quote not found in section a: "l’équipe X (EX)Note de bas de page 2"`,
		`new-drugs: qualifier "exact" disagrees with the quote, which says "En moyenne trois drogues": want "average"`,
		`no-measure: fact measure "" is not one of`,
		`cases-alone: series "alone" has one figure`,
		`SEIZED ministere -> b: rank 2: only [INTERCEPTS] carry a rank`,
		`OPERATES_IN team -> place: OPERATES_IN needs a quote of the source`,
		`LOCATED_IN team -> place: a reference needs a note`,
		`LOCATED_IN team -> place: a reference has a note, not a section and a quote`,
	}, []string{"team:", "cases-2013:", "cases-2018:", "INTERCEPTS ministere -> a:", "CREATED ministere -> team:", "LOCATED_IN ministere -> place:"})
	for _, r := range ds.Relationships {
		switch r.Key() {
		case "CREATED|ministere|team":
			if e := r.Evidence[0]; e.Footnote != 2 || e.Paragraph != 1 || e.Kind != kg.EvidenceQuote {
				t.Errorf("CREATED evidence = %+v, want footnote 2 in paragraph 1, a quote", e)
			}
		case "INTERCEPTS|ministere|a":
			if r.Rank != 1 || r.Evidence[0].Footnote != 0 {
				t.Errorf("INTERCEPTS rank %d footnote %d, want 1 and 0", r.Rank, r.Evidence[0].Footnote)
			}
		case "LOCATED_IN|ministere|place":
			if e := r.Evidence[0]; !e.IsReference() || e.Note == "" || e.Paragraph != 0 {
				t.Errorf("LOCATED_IN evidence = %+v, want a reference with its note", e)
			}
		}
	}
}
