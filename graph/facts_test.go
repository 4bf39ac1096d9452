package graph_test

import (
	"fmt"
	"strings"
	"testing"
)

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
		facts(about: ["opioids"], includeNarrower: true, units: ["percent", "deaths", "kilograms", "samples"], orderBy: {field: NAME, descending: true}, first: 100) {
			totalCount edges { node { id ... on Fact { unit value about { edges { node { id } } } } } }
		}
		amounts: facts(kinds: [AMOUNT, MONEY], first: 100) { totalCount edges { node { ... on Fact { kind } } } }
		narrow: facts(about: ["opioids"]) { totalCount }
	}`, nil), &data)
	if data.Facts.TotalCount != len(data.Facts.Edges) || data.Facts.TotalCount == 0 {
		t.Fatalf("%d figures, total %d", len(data.Facts.Edges), data.Facts.TotalCount)
	}
	for _, e := range data.Facts.Edges {
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

// Figures are ordered by value within one unit: figures of several units are refused, unless a
// filter keeps one unit.
func TestFactsByValueWithinOneUnit(t *testing.T) {
	srv := newServer(t, mustStore(t))
	r := post(t, srv, `{ facts(about: ["opioids"], includeNarrower: true, orderBy: {field: VALUE}) { totalCount } }`, nil)
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(fmt.Sprint(r.Errors), "units") {
		t.Errorf("figures of several units by value: errors %+v, want BAD_USER_INPUT naming the units", r.Errors)
	}
	var data struct {
		Facts struct {
			Edges []struct {
				Node struct {
					Unit      string
					Value     float64
					Qualifier string
				}
			}
		}
	}
	mustData(t, post(t, srv, `{ facts(where: {unit: {eq: "percent"}}, qualifiers: [EXACT, MORE_THAN], orderBy: {field: VALUE, descending: true}, first: 100) {
		edges { node { ... on Fact { unit value qualifier } } } } }`, nil), &data)
	if len(data.Facts.Edges) < 2 {
		t.Fatalf("%d figures in percent", len(data.Facts.Edges))
	}
	for i, e := range data.Facts.Edges {
		if e.Node.Unit != "percent" || e.Node.Qualifier != "EXACT" && e.Node.Qualifier != "MORE_THAN" {
			t.Errorf("figure in %s, %s", e.Node.Unit, e.Node.Qualifier)
		}
		if i > 0 && e.Node.Value > data.Facts.Edges[i-1].Node.Value {
			t.Errorf("figures not by value, descending, at %d", i)
		}
	}
}
