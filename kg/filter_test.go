package kg_test

import (
	"errors"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

func TestFilterSize(t *testing.T) {
	leaf := kg.Filter{Fields: []kg.FieldFilter{{Field: kg.FieldType, Op: kg.OpEq, Values: []string{"Place"}}}}
	nested := kg.Filter{Rels: []kg.RelFilter{{RelMatch: kg.RelMatch{Where: &kg.Filter{Counts: []kg.CountFilter{{RelMatch: kg.RelMatch{Where: &leaf}, Op: kg.OpGt, N: 1}}}}, Quantifier: kg.Some}}}
	for name, tt := range map[string]struct {
		f              *kg.Filter
		clauses, depth int
	}{
		"Nil":    {nil, 0, 0},
		"Empty":  {&kg.Filter{}, 0, 0},
		"Leaf":   {&leaf, 1, 0},
		"Nested": {&nested, 3, 2},
		"Logic":  {&kg.Filter{And: []kg.Filter{leaf, leaf}, Or: []kg.Filter{nested}, Not: &leaf}, 4 + 4 + 2, 2},
	} {
		if c, d := tt.f.Size(); c != tt.clauses || d != tt.depth {
			t.Errorf("%s: Size() = %d, %d; want %d, %d", name, c, d, tt.clauses, tt.depth)
		}
	}
}

func TestCheckFilter(t *testing.T) {
	deep := &kg.Filter{}
	for range kg.MaxFilterDepth + 1 {
		deep = &kg.Filter{Rels: []kg.RelFilter{{RelMatch: kg.RelMatch{Where: deep}, Quantifier: kg.Some}}}
	}
	wide := &kg.Filter{}
	for range kg.MaxFilterClauses + 1 {
		wide.Fields = append(wide.Fields, kg.FieldFilter{Field: kg.FieldID, Op: kg.OpEq, Values: []string{"x"}})
	}
	f := func(c kg.FieldFilter) *kg.Filter { return &kg.Filter{Fields: []kg.FieldFilter{c}} }
	for name, tt := range map[string]struct {
		f    *kg.Filter
		want error
	}{
		"OK":            {f(kg.FieldFilter{Field: kg.FieldStartDate, Op: kg.OpLt, Values: []string{"2019"}}), nil},
		"InNone":        {f(kg.FieldFilter{Field: kg.FieldValue, Op: kg.OpIn}), nil},
		"Deep":          {deep, kg.ErrTooComplex},
		"Wide":          {wide, kg.ErrTooComplex},
		"UnknownField":  {f(kg.FieldFilter{Field: "colour", Op: kg.OpEq, Values: []string{"red"}}), kg.ErrInvalid},
		"OrderOnText":   {f(kg.FieldFilter{Field: kg.FieldID, Op: kg.OpGt, Values: []string{"a"}}), kg.ErrInvalid},
		"ContainsOnID":  {f(kg.FieldFilter{Field: kg.FieldCountry, Op: kg.OpContains, Values: []string{"can"}}), kg.ErrInvalid},
		"NumberAsText":  {f(kg.FieldFilter{Field: kg.FieldValue, Op: kg.OpGt, Values: []string{"1"}}), kg.ErrInvalid},
		"TwoValues":     {f(kg.FieldFilter{Field: kg.FieldID, Op: kg.OpEq, Values: []string{"a", "b"}}), kg.ErrInvalid},
		"LongValue":     {f(kg.FieldFilter{Field: kg.FieldID, Op: kg.OpContains, Values: []string{string(make([]byte, 201))}}), kg.ErrInvalid},
		"Quantifier":    {&kg.Filter{Rels: []kg.RelFilter{{Quantifier: "most"}}}, kg.ErrInvalid},
		"RelType":       {&kg.Filter{Rels: []kg.RelFilter{{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"RUN"}}, Quantifier: kg.Some}}}, kg.ErrInvalid},
		"Evidence":      {&kg.Filter{Counts: []kg.CountFilter{{RelMatch: kg.RelMatch{Evidence: "rumour"}, Op: kg.OpGt}}}, kg.ErrInvalid},
		"CountOp":       {&kg.Filter{Counts: []kg.CountFilter{{Op: kg.OpIn}}}, kg.ErrInvalid},
		"NestedInvalid": {&kg.Filter{Not: &kg.Filter{Or: []kg.Filter{*f(kg.FieldFilter{Field: kg.FieldType, Op: kg.OpStartsWith, Values: []string{"P"}})}}}, kg.ErrInvalid},
	} {
		if err := kg.CheckFilter(tt.f); !errors.Is(err, tt.want) || tt.want == nil && err != nil {
			t.Errorf("%s: CheckFilter = %v, want %v", name, err, tt.want)
		}
	}
}
