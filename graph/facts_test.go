package graph_test

import "testing"

func TestFactsQuery(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var data struct {
		Facts struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID    string
					Unit  string
					Value float64
					About struct {
						Edges []struct{ Node struct{ ID string } }
					}
				}
			}
		}
		Narrow  struct{ TotalCount int }
		Amounts struct {
			TotalCount int
			Edges      []struct{ Node struct{ Kind string } }
		}
	}
	mustData(t, post(t, srv, `{
		facts(about: ["opioids"], includeNarrower: true, units: ["percent", "deaths", "kilograms", "samples"], orderBy: {field: VALUE, descending: true}, first: 100) {
			totalCount edges { node { id ... on Fact { unit value about { edges { node { id } } } } } }
		}
		amounts: facts(kinds: [AMOUNT, MONEY], first: 100) { totalCount edges { node { ... on Fact { kind } } } }
		narrow: facts(about: ["opioids"]) { totalCount }
	}`, nil), &data)
	if data.Facts.TotalCount != len(data.Facts.Edges) || data.Facts.TotalCount == 0 {
		t.Fatalf("%d figures, total %d", len(data.Facts.Edges), data.Facts.TotalCount)
	}
	for i, e := range data.Facts.Edges {
		if i > 0 && e.Node.Value > data.Facts.Edges[i-1].Node.Value {
			t.Errorf("figures not by value, descending, at %d", i)
		}
		switch e.Node.Unit {
		case "percent", "deaths", "kilograms", "samples":
		default:
			t.Errorf("figure %s in %s", e.Node.ID, e.Node.Unit)
		}
	}
	if data.Amounts.TotalCount == 0 || data.Amounts.TotalCount != len(data.Amounts.Edges) {
		t.Errorf("figures of kind AMOUNT or MONEY: %d of %d", len(data.Amounts.Edges), data.Amounts.TotalCount)
	}
	for _, e := range data.Amounts.Edges {
		if e.Node.Kind != "AMOUNT" && e.Node.Kind != "MONEY" {
			t.Errorf("figure of kind %s among AMOUNT and MONEY", e.Node.Kind)
		}
	}
	if r := post(t, srv, `{ facts(orderBy: {field: NUMBER}) { totalCount } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Errorf("facts by number: errors %+v, want BAD_USER_INPUT", r.Errors)
	}
}
