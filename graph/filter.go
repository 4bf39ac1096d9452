package graph

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// This file turns the schema's EntityWhere into a kg.Filter, which the stores evaluate, and says
// what one costs (whereCost). The tree is checked against its bounds (kg.CheckFilter) here, so
// that a filter too large is refused before a store is called.

// whereFilter returns the filter of w, nil for none, or an error for a filter that cannot be
// served.
func whereFilter(w *model.EntityWhere) (*kg.Filter, error) {
	if w == nil {
		return nil, nil
	}
	var clauses int
	f, err := convertWhere(w, &clauses)
	if err != nil {
		return nil, err
	}
	if err := kg.CheckFilter(f); err != nil {
		return nil, err
	}
	return f, nil
}

// convertWhere converts w, counting its clauses in clauses and giving up past twice the bound, so
// that a hostile filter is not converted whole before it is refused.
func convertWhere(w *model.EntityWhere, clauses *int) (*kg.Filter, error) {
	if *clauses > 2*kg.MaxFilterClauses {
		return nil, kg.Errorf(kg.ErrTooComplex, "the filter has more than %d clauses", kg.MaxFilterClauses)
	}
	f := &kg.Filter{}
	str := func(field kg.FilterField, s *model.StringFilter) {
		if s == nil {
			return
		}
		add := func(op kg.FilterOp, v ...string) {
			f.Fields = append(f.Fields, kg.FieldFilter{Field: field, Op: op, Values: v})
		}
		if s.Eq != nil {
			add(kg.OpEq, *s.Eq)
		}
		if s.In != nil {
			add(kg.OpIn, s.In...)
		}
		if s.Contains != nil {
			add(kg.OpContains, *s.Contains)
		}
		if s.StartsWith != nil {
			add(kg.OpStartsWith, *s.StartsWith)
		}
	}
	date := func(field kg.FilterField, d *model.DateFilter) {
		if d == nil {
			return
		}
		str(field, &model.StringFilter{Eq: d.Eq, In: d.In, Contains: d.Contains, StartsWith: d.StartsWith})
		for op, v := range map[kg.FilterOp]*string{kg.OpGt: d.Gt, kg.OpGte: d.Gte, kg.OpLt: d.Lt, kg.OpLte: d.Lte} {
			if v != nil {
				f.Fields = append(f.Fields, kg.FieldFilter{Field: field, Op: op, Values: []string{*v}})
			}
		}
	}
	exact := func(field kg.FilterField, eq *string, in []string) {
		str(field, &model.StringFilter{Eq: eq, In: in})
	}
	num := func(field kg.FilterField, eq *float64, in []float64, orders map[kg.FilterOp]*float64) {
		if eq != nil {
			f.Fields = append(f.Fields, kg.FieldFilter{Field: field, Op: kg.OpEq, Numbers: []float64{*eq}})
		}
		if in != nil {
			f.Fields = append(f.Fields, kg.FieldFilter{Field: field, Op: kg.OpIn, Numbers: in})
		}
		for op, v := range orders {
			if v != nil {
				f.Fields = append(f.Fields, kg.FieldFilter{Field: field, Op: op, Numbers: []float64{*v}})
			}
		}
	}
	str(kg.FieldID, w.ID)
	if w.Type != nil {
		var eq *string
		if w.Type.Eq != nil {
			t := string(model.KGType(*w.Type.Eq))
			eq = &t
		}
		var in []string
		for _, t := range w.Type.In {
			in = append(in, string(model.KGType(t)))
		}
		exact(kg.FieldType, eq, in)
	}
	str(kg.FieldCategory, w.Category)
	str(kg.FieldName, w.Name)
	str(kg.FieldNameEN, w.NameEn)
	str(kg.FieldNameFR, w.NameFr)
	if w.Country != nil {
		exact(kg.FieldCountry, w.Country.Eq, w.Country.In)
	}
	date(kg.FieldStartDate, w.StartDate)
	date(kg.FieldEndDate, w.EndDate)
	date(kg.FieldPeriod, w.Period)
	if n := w.Number; n != nil {
		fl := func(v *int) *float64 {
			if v == nil {
				return nil
			}
			x := float64(*v)
			return &x
		}
		var in []float64
		if n.In != nil {
			in = make([]float64, len(n.In))
			for i, v := range n.In {
				in[i] = float64(v)
			}
		}
		num(kg.FieldNumber, fl(n.Eq), in, map[kg.FilterOp]*float64{kg.OpGt: fl(n.Gt), kg.OpGte: fl(n.Gte), kg.OpLt: fl(n.Lt), kg.OpLte: fl(n.Lte)})
	}
	if v := w.Value; v != nil {
		num(kg.FieldValue, v.Eq, v.In, map[kg.FilterOp]*float64{kg.OpGt: v.Gt, kg.OpGte: v.Gte, kg.OpLt: v.Lt, kg.OpLte: v.Lte})
	}
	str(kg.FieldUnit, w.Unit)
	if k := w.Kind; k != nil {
		var eq *string
		if k.Eq != nil {
			s := enumValue(string(*k.Eq))
			eq = &s
		}
		var in []string
		for _, v := range k.In {
			in = append(in, enumValue(string(v)))
		}
		exact(kg.FieldKind, eq, in)
	}
	if q := w.Qualifier; q != nil {
		var eq *string
		if q.Eq != nil {
			s := enumValue(string(*q.Eq))
			eq = &s
		}
		var in []string
		for _, v := range q.In {
			in = append(in, enumValue(string(v)))
		}
		exact(kg.FieldQualifier, eq, in)
	}
	if w.Measure != nil {
		exact(kg.FieldMeasure, w.Measure.Eq, w.Measure.In)
	}
	str(kg.FieldSeries, w.Series)
	*clauses += len(f.Fields)
	for _, r := range w.Relationships {
		if r == nil {
			continue
		}
		m := relMatch(r.Types, r.Direction, r.Evidence)
		added := false
		for q, where := range map[kg.Quantifier]*model.EntityWhere{kg.Some: r.Some, kg.None: r.None, kg.All: r.All, kg.Single: r.Single} {
			if where == nil {
				continue
			}
			*clauses++
			nested, err := convertWhere(where, clauses)
			if err != nil {
				return nil, err
			}
			rm := m
			rm.Where = nested
			f.Rels = append(f.Rels, kg.RelFilter{RelMatch: rm, Quantifier: q})
			added = true
		}
		if !added {
			return nil, kg.Errorf(kg.ErrInvalid, "a relationship filter needs some, none, all or single")
		}
	}
	for _, c := range w.RelationshipCount {
		if c == nil {
			continue
		}
		m := relMatch(c.Types, c.Direction, c.Evidence)
		if c.Where != nil {
			nested, err := convertWhere(c.Where, clauses)
			if err != nil {
				return nil, err
			}
			m.Where = nested
		}
		added := false
		for op, n := range map[kg.FilterOp]*int{kg.OpEq: c.Eq, kg.OpGt: c.Gt, kg.OpGte: c.Gte, kg.OpLt: c.Lt, kg.OpLte: c.Lte} {
			if n != nil {
				*clauses++
				f.Counts = append(f.Counts, kg.CountFilter{RelMatch: m, Op: op, N: *n})
				added = true
			}
		}
		if !added {
			return nil, kg.Errorf(kg.ErrInvalid, "a relationship count needs eq, gt, gte, lt or lte")
		}
	}
	for _, list := range []struct {
		in  []*model.EntityWhere
		out *[]kg.Filter
	}{{w.And, &f.And}, {w.Or, &f.Or}} {
		for _, sub := range list.in {
			if sub == nil {
				continue
			}
			*clauses++
			g, err := convertWhere(sub, clauses)
			if err != nil {
				return nil, err
			}
			*list.out = append(*list.out, *g)
		}
	}
	if w.Or != nil && len(f.Or) == 0 {
		// OR of nothing holds for nothing, as in @neo4j/graphql.
		f.Fields = append(f.Fields, kg.FieldFilter{Field: kg.FieldID, Op: kg.OpIn, Values: []string{}})
	}
	if w.Not != nil {
		*clauses++
		g, err := convertWhere(w.Not, clauses)
		if err != nil {
			return nil, err
		}
		f.Not = g
	}
	sortFilter(f)
	return f, nil
}

// sortFilter puts the clauses that maps gave in a random order into a fixed one, so that equal
// filters give equal statements (which Neo4j plans once) and equal keys of the loaders.
func sortFilter(f *kg.Filter) {
	slices.SortFunc(f.Fields, func(a, b kg.FieldFilter) int { return strings.Compare(jsonKey(a), jsonKey(b)) })
	slices.SortFunc(f.Rels, func(a, b kg.RelFilter) int { return strings.Compare(jsonKey(a), jsonKey(b)) })
	slices.SortFunc(f.Counts, func(a, b kg.CountFilter) int { return strings.Compare(jsonKey(a), jsonKey(b)) })
}

// jsonKey returns v in JSON, a key to sort clauses by.
func jsonKey(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // clauses are plain values: they always encode
	}
	return string(b)
}

// relMatch reads the selection of relationships of a relationship filter.
func relMatch(types []string, dir *model.Direction, ev *model.EvidenceKind) kg.RelMatch {
	m := kg.RelMatch{Types: kg.RelationshipTypes(types), Direction: direction(dir)}
	if ev != nil {
		m.Evidence = strings.ToLower(string(*ev))
	}
	return m
}

// enumValue returns the domain's name of an enum value: MORE_THAN is more-than.
func enumValue(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "-")) }

// whereArg reads the where argument of a field from the raw arguments the planner sees, through
// JSON into the schema's model (whose JSON names are the schema's); nil for none.
func whereArg(raw any) (*model.EntityWhere, error) {
	if raw == nil {
		return nil, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("graph: where: %w", err)
	}
	var w model.EntityWhere
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("graph: where: %w", err)
	}
	return &w, nil
}

// What a filter costs, beside the field it filters: a field comparison filterFieldCost, a
// relationship filter or count filterRelCost, and a clause nested in a relationship filter
// filterFanout times what it would cost at the level above, since it is evaluated for every
// relationship that leads there. A filter at its bounds costs at most a few tens of thousands.
const (
	filterFieldCost = 2
	filterRelCost   = 20
	filterFanout    = 10
)

// whereCost returns the cost of the filter w at nesting level mult (1 at the top).
func whereCost(w *model.EntityWhere, mult int) int {
	if w == nil || mult > 1000 {
		return 0
	}
	n := 0
	for _, s := range []bool{w.ID != nil, w.Type != nil, w.Category != nil, w.Name != nil, w.NameEn != nil, w.NameFr != nil,
		w.Country != nil, w.StartDate != nil, w.EndDate != nil, w.Period != nil, w.Number != nil, w.Value != nil,
		w.Unit != nil, w.Kind != nil, w.Qualifier != nil, w.Measure != nil, w.Series != nil} {
		if s {
			n += filterFieldCost * mult
		}
	}
	if w.Country != nil {
		n += filterRelCost * mult
	}
	for _, r := range w.Relationships {
		if r == nil {
			continue
		}
		for _, sub := range []*model.EntityWhere{r.Some, r.None, r.All, r.Single} {
			if sub != nil {
				n = satAdd(n, filterRelCost*mult+whereCost(sub, mult*filterFanout))
			}
		}
	}
	for _, c := range w.RelationshipCount {
		if c != nil {
			n = satAdd(n, filterRelCost*mult+whereCost(c.Where, mult*filterFanout))
		}
	}
	for _, sub := range append(append([]*model.EntityWhere{w.Not}, w.And...), w.Or...) {
		n = satAdd(n, whereCost(sub, mult))
	}
	return min(n, 1<<30)
}
