package graph_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"
)

// TestProvenanceRanksMeasuresAndSeries reads through the API what issue 18 asked of the data: the
// kind of an evidence (a quote, or a reference with its note), the footnote a quote calls, the rank
// of the substances most commonly intercepted, a figure's measure and an average, and a series of
// figures with the change between them.
func TestProvenanceRanksMeasuresAndSeries(t *testing.T) {
	srv := newServer(t, mustStore(t))
	type evidence struct {
		Kind, Quote string
		Note        *string
		Footnote    *int
		Citation    string
	}
	type fact struct {
		Value         float64
		Measure       string
		Qualifier     string
		Series        *string
		SeriesFigures []struct{ ID string }
		Change        *struct {
			From       struct{ ID string }
			Difference float64
			Percent    *float64
		}
	}
	var data struct {
		Chicago struct {
			Relationships struct {
				Edges []struct {
					Node struct{ Evidence []evidence }
				}
			}
		}
		JCode struct {
			Relationships struct {
				Edges []struct {
					Node struct{ Evidence []evidence }
				}
			}
		}
		CBSA struct {
			Relationships struct {
				Edges []struct {
					Node struct {
						Rank *int
						To   struct{ ID string }
					}
				}
			}
		}
		Average, Cases2013, Cases2018 fact
	}
	rel := `relationships(types: [%s], direction: OUTGOING) { edges { node { %s } } }`
	ev := `evidence { kind quote note footnote citation }`
	mustData(t, post(t, srv, `{
	  chicago: entity(id: "chicago") { `+fmt.Sprintf(rel, `"LOCATED_IN"`, ev)+` }
	  jCode: entity(id: "united-states-department-of-justice") { `+fmt.Sprintf(rel, `"CREATED"`, ev)+` }
	  cbsa: entity(id: "canada-border-services-agency") { `+fmt.Sprintf(rel, `"INTERCEPTS"`, `rank to { id }`)+` }
	  average: entity(id: "fact-uscbp-new-drugs-per-month") { ...F }
	  cases2013: entity(id: "fact-saskatoon-meth-possession-cases-2013") { ...F }
	  cases2018: entity(id: "fact-saskatoon-meth-possession-cases-2018") { ...F }
	}
	fragment F on Fact { value measure qualifier series seriesFigures { id } change { from { id } difference percent } }`, nil), &data)

	if edges := data.Chicago.Relationships.Edges; len(edges) != 1 || len(edges[0].Node.Evidence) != 1 {
		t.Fatalf("Chicago's LOCATED_IN: %+v, want one relationship with one evidence", edges)
	}
	if e := data.Chicago.Relationships.Edges[0].Node.Evidence[0]; e.Kind != "REFERENCE" || e.Note == nil || !strings.Contains(*e.Note, "United States") ||
		e.Quote != "" || e.Footnote != nil || !strings.HasPrefix(e.Citation, "World knowledge") {
		t.Errorf("Chicago in the United States: evidence %+v, want a reference with its note", e)
	}
	if edges := data.JCode.Relationships.Edges; len(edges) != 1 || len(edges[0].Node.Evidence) == 0 {
		t.Fatalf("the Department of Justice's CREATED: %+v, want J-CODE", edges)
	}
	if e := data.JCode.Relationships.Edges[0].Node.Evidence[0]; e.Kind != "QUOTE" || e.Note != nil || e.Footnote == nil || *e.Footnote != 2 ||
		strings.Contains(e.Quote, "Note de bas de page") || !strings.Contains(e.Quote, "(J-CODE) en janvier 2018") {
		t.Errorf("J-CODE's creation: evidence %+v, want the quote without its marker and footnote 2", e)
	}
	ranks := map[string]int{}
	for _, e := range data.CBSA.Relationships.Edges {
		if e.Node.Rank != nil {
			ranks[e.Node.To.ID] = *e.Node.Rank
		}
	}
	if want := map[string]int{"methamphetamine": 1, "heroin": 2, "fentanyl": 3, "cocaine": 4}; !maps.Equal(ranks, want) {
		t.Errorf("ranks of the substances CBSA intercepts = %v, want %v", ranks, want)
	}
	if a := data.Average; a.Qualifier != "AVERAGE" || a.Measure != "identifications" || a.Series != nil || len(a.SeriesFigures) != 0 || a.Change != nil {
		t.Errorf("« en moyenne trois nouvelles drogues »: %+v, want AVERAGE, identifications, in no series", a)
	}
	for name, f := range map[string]fact{"2013": data.Cases2013, "2018": data.Cases2018} {
		if f.Measure != "cases" || f.Series == nil || len(f.SeriesFigures) != 2 || f.SeriesFigures[0].ID != "fact-saskatoon-meth-possession-cases-2013" ||
			f.SeriesFigures[1].ID != "fact-saskatoon-meth-possession-cases-2018" {
			t.Errorf("Saskatoon's possession cases in %s: %+v, want the series of 2013 and 2018", name, f)
		}
	}
	if c := data.Cases2013.Change; c != nil {
		t.Errorf("the first figure of a series has a change: %+v", c)
	}
	c := data.Cases2018.Change
	if c == nil || c.From.ID != "fact-saskatoon-meth-possession-cases-2013" || c.Difference != 408-36 || c.Percent == nil || *c.Percent < 1033.33 || *c.Percent > 1033.34 {
		t.Errorf("change of Saskatoon's possession cases to 2018 = %+v, want +372 (+1033.3 %%) from 2013", c)
	}
}
