package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
)

// This file checks the filter language (kg.Filter) on entity lists, relationship lists and
// figures against a reference written here: a brute-force evaluation over the whole list of
// entities and relationships, which shares no code with the stores' evaluation (only kg.Fold,
// which both sides fold names with).

// refFilter evaluates filters by brute force over lists of entities and relationships.
type refFilter struct {
	ents []kg.Entity
	rels []kg.Relationship
	byID map[string]*kg.Entity
}

func newRefFilter(ents []kg.Entity, rels []kg.Relationship) *refFilter {
	r := &refFilter{ents: ents, rels: rels, byID: map[string]*kg.Entity{}}
	for i := range ents {
		r.byID[ents[i].ID] = &ents[i]
	}
	return r
}

// ids returns the ids of the entities f accepts, sorted.
func (r *refFilter) ids(f *kg.Filter) []string {
	var out []string
	for i := range r.ents {
		if r.holds(f, &r.ents[i]) {
			out = append(out, r.ents[i].ID)
		}
	}
	slices.Sort(out)
	return out
}

func (r *refFilter) holds(f *kg.Filter, e *kg.Entity) bool {
	if f == nil {
		return true
	}
	for _, c := range f.Fields {
		if !r.field(c, e) {
			return false
		}
	}
	for _, q := range f.Rels {
		matched, total := r.count(q.RelMatch, e.ID)
		ok := map[kg.Quantifier]bool{kg.Some: matched >= 1, kg.None: matched == 0, kg.All: matched == total, kg.Single: matched == 1}[q.Quantifier]
		if !ok {
			return false
		}
	}
	for _, c := range f.Counts {
		n, _ := r.count(c.RelMatch, e.ID)
		ok := map[kg.FilterOp]bool{kg.OpEq: n == c.N, kg.OpGt: n > c.N, kg.OpGte: n >= c.N, kg.OpLt: n < c.N, kg.OpLte: n <= c.N}[c.Op]
		if !ok {
			return false
		}
	}
	for i := range f.And {
		if !r.holds(&f.And[i], e) {
			return false
		}
	}
	if len(f.Or) > 0 {
		any := false
		for i := range f.Or {
			any = any || r.holds(&f.Or[i], e)
		}
		if !any {
			return false
		}
	}
	return f.Not == nil || !r.holds(f.Not, e)
}

// count returns the relationships of id that m selects (total) and those of them whose other
// end m.Where accepts (matched). A relationship from id to itself counts once per direction.
func (r *refFilter) count(m kg.RelMatch, id string) (matched, total int) {
	for _, rel := range r.rels {
		for _, out := range []bool{true, false} {
			self, other := rel.From, rel.To
			if !out {
				self, other = rel.To, rel.From
			}
			if self != id || m.Direction == kg.Outgoing && !out || m.Direction == kg.Incoming && out {
				continue
			}
			if len(m.Types) > 0 && !slices.Contains(m.Types, rel.Type) {
				continue
			}
			if m.Evidence != "" {
				has := false
				for _, ev := range rel.Evidence {
					kind := ev.Kind
					if kind == "" {
						kind = kg.EvidenceQuote
					}
					has = has || kind == m.Evidence
				}
				if !has {
					continue
				}
			}
			total++
			if r.holds(m.Where, r.byID[other]) {
				matched++
			}
		}
	}
	return matched, total
}

func (r *refFilter) field(c kg.FieldFilter, e *kg.Entity) bool {
	if c.Field == kg.FieldNumber || c.Field == kg.FieldValue {
		v, has := float64(e.Number), e.Number != 0
		if c.Field == kg.FieldValue {
			v, has = e.Value, e.Type == kg.Fact
		}
		if !has {
			return false
		}
		switch c.Op {
		case kg.OpEq, kg.OpIn:
			return slices.Contains(c.Numbers, v)
		case kg.OpGt:
			return v > c.Numbers[0]
		case kg.OpGte:
			return v >= c.Numbers[0]
		case kg.OpLt:
			return v < c.Numbers[0]
		case kg.OpLte:
			return v <= c.Numbers[0]
		}
		return false
	}
	name := func(lang kg.Language) string { return kg.Fold(e.Name.In(lang)) }
	var have []string
	folded := false
	switch c.Field {
	case kg.FieldID:
		have = []string{e.ID}
	case kg.FieldType:
		have = []string{string(e.Type)}
	case kg.FieldCategory:
		have = []string{e.Category}
	case kg.FieldName:
		have, folded = []string{name(kg.EN), name(kg.FR)}, true
	case kg.FieldNameEN:
		have, folded = []string{name(kg.EN)}, true
	case kg.FieldNameFR:
		have, folded = []string{name(kg.FR)}, true
	case kg.FieldCountry:
		have = r.countries(e.ID)
	case kg.FieldStartDate:
		have = []string{e.StartDate}
	case kg.FieldEndDate:
		have = []string{e.EndDate}
	case kg.FieldPeriod:
		have = []string{e.Period}
	case kg.FieldUnit:
		have = []string{e.Unit}
	case kg.FieldKind:
		have = []string{e.Kind}
	case kg.FieldQualifier:
		have = []string{e.Qualifier}
	case kg.FieldMeasure:
		have = []string{e.Measure}
	case kg.FieldSeries:
		have = []string{e.Series}
	}
	values := slices.Clone(c.Values)
	if folded {
		for i := range values {
			values[i] = kg.Fold(values[i])
		}
	}
	for _, v := range have {
		ok := false
		switch c.Op {
		case kg.OpEq, kg.OpIn:
			ok = slices.Contains(values, v)
		case kg.OpContains:
			ok = strings.Contains(v, values[0])
		case kg.OpStartsWith:
			ok = strings.HasPrefix(v, values[0])
		case kg.OpGt:
			ok = v != "" && v > values[0]
		case kg.OpGte:
			ok = v != "" && v >= values[0]
		case kg.OpLt:
			ok = v != "" && v < values[0]
		case kg.OpLte:
			ok = v != "" && v <= values[0]
		}
		if ok {
			return true
		}
	}
	return false
}

// countries returns the countries of id: the places of category country among id and what it
// reaches through LOCATED_IN within kg.MaxCountryHops relationships.
func (r *refFilter) countries(id string) []string {
	var out []string
	dist := map[string]int{id: 0}
	queue := []string{id}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if e := r.byID[cur]; e.Type == kg.Place && e.Category == "country" {
			out = append(out, cur)
		}
		if dist[cur] == kg.MaxCountryHops {
			continue
		}
		for _, rel := range r.rels {
			if rel.Type == "LOCATED_IN" && rel.From == cur {
				if _, seen := dist[rel.To]; !seen {
					dist[rel.To] = dist[cur] + 1
					queue = append(queue, rel.To)
				}
			}
		}
	}
	return out
}

// Shorthands for the tables of filters.
func fld(field kg.FilterField, op kg.FilterOp, values ...string) kg.FieldFilter {
	return kg.FieldFilter{Field: field, Op: op, Values: values}
}

func num(field kg.FilterField, op kg.FilterOp, values ...float64) kg.FieldFilter {
	return kg.FieldFilter{Field: field, Op: op, Numbers: values}
}

func where(fields ...kg.FieldFilter) *kg.Filter { return &kg.Filter{Fields: fields} }

func rel(q kg.Quantifier, dir kg.Direction, w *kg.Filter, types ...kg.RelationshipType) kg.RelFilter {
	return kg.RelFilter{RelMatch: kg.RelMatch{Types: types, Direction: dir, Where: w}, Quantifier: q}
}

func count(op kg.FilterOp, n int, dir kg.Direction, w *kg.Filter, types ...kg.RelationshipType) kg.CountFilter {
	return kg.CountFilter{RelMatch: kg.RelMatch{Types: types, Direction: dir, Where: w}, Op: op, N: n}
}

// genericFilters are filters that name no id of the seed data: they run on the seed graph and
// on the synthetic one.
var genericFilters = map[string]kg.Filter{
	"TypeEq":          {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Organization")}},
	"TypeIn":          {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpIn, "Initiative", "Substance")}},
	"TypeInNone":      {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpIn)}},
	"IDStartsWith":    {Fields: []kg.FieldFilter{fld(kg.FieldID, kg.OpStartsWith, "p")}},
	"IDContains":      {Fields: []kg.FieldFilter{fld(kg.FieldID, kg.OpContains, "ti")}},
	"NameContains":    {Fields: []kg.FieldFilter{fld(kg.FieldName, kg.OpContains, "POLICE")}},
	"NameENContains":  {Fields: []kg.FieldFilter{fld(kg.FieldNameEN, kg.OpContains, "an")}},
	"NameFRStarts":    {Fields: []kg.FieldFilter{fld(kg.FieldNameFR, kg.OpStartsWith, "Ré")}},
	"NameEqFolded":    {Fields: []kg.FieldFilter{fld(kg.FieldNameFR, kg.OpEq, "MÉTHAMPHÉTAMINE")}},
	"CategoryIn":      {Fields: []kg.FieldFilter{fld(kg.FieldCategory, kg.OpIn, "city", "country", "province")}},
	"CategoryEmpty":   {Fields: []kg.FieldFilter{fld(kg.FieldCategory, kg.OpEq, "")}},
	"StartDateGte":    {Fields: []kg.FieldFilter{fld(kg.FieldStartDate, kg.OpGte, "2018")}},
	"StartDateLt":     {Fields: []kg.FieldFilter{fld(kg.FieldStartDate, kg.OpLt, "2016-06")}},
	"EndDateLte":      {Fields: []kg.FieldFilter{fld(kg.FieldEndDate, kg.OpLte, "2019-10-08")}},
	"PeriodStarts":    {Fields: []kg.FieldFilter{fld(kg.FieldPeriod, kg.OpStartsWith, "2019")}},
	"PeriodGt":        {Fields: []kg.FieldFilter{fld(kg.FieldPeriod, kg.OpGt, "2017")}},
	"ValueGt":         {Fields: []kg.FieldFilter{num(kg.FieldValue, kg.OpGt, 100)}},
	"ValueRange":      {Fields: []kg.FieldFilter{num(kg.FieldValue, kg.OpGte, 10), num(kg.FieldValue, kg.OpLte, 50)}},
	"ValueLtZero":     {Fields: []kg.FieldFilter{num(kg.FieldValue, kg.OpLt, 1)}},
	"ValueIn":         {Fields: []kg.FieldFilter{num(kg.FieldValue, kg.OpIn, 0, 25, 40, 3236)}},
	"NumberGte":       {Fields: []kg.FieldFilter{num(kg.FieldNumber, kg.OpGte, 4)}},
	"NumberEq":        {Fields: []kg.FieldFilter{num(kg.FieldNumber, kg.OpEq, 2)}},
	"UnitEq":          {Fields: []kg.FieldFilter{fld(kg.FieldUnit, kg.OpEq, "percent")}},
	"CountryAny":      {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Organization")}, Not: where(fld(kg.FieldCountry, kg.OpIn))},
	"Some":            {Rels: []kg.RelFilter{rel(kg.Some, kg.Outgoing, where(fld(kg.FieldType, kg.OpEq, "Initiative")), "RUNS")}},
	"SomeEmpty":       {Rels: []kg.RelFilter{rel(kg.Some, kg.Incoming, &kg.Filter{}, "ABOUT")}},
	"None":            {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Organization")}, Rels: []kg.RelFilter{rel(kg.None, kg.Outgoing, &kg.Filter{}, "PARTICIPATES_IN", "RUNS")}},
	"AllWithNone":     {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Initiative")}, Rels: []kg.RelFilter{rel(kg.All, kg.Outgoing, where(fld(kg.FieldType, kg.OpEq, "Substance")), "TARGETS")}},
	"AllAnyType":      {Rels: []kg.RelFilter{rel(kg.All, kg.Both, where(fld(kg.FieldType, kg.OpIn, "Session", "Event")))}},
	"Single":          {Rels: []kg.RelFilter{rel(kg.Single, kg.Outgoing, &kg.Filter{}, "PART_OF")}},
	"SingleWhere":     {Rels: []kg.RelFilter{rel(kg.Single, kg.Both, where(fld(kg.FieldType, kg.OpEq, "Place")))}},
	"CountGt":         {Counts: []kg.CountFilter{count(kg.OpGt, 1, kg.Outgoing, nil, "PRESENTED_AT")}},
	"CountBothGte":    {Counts: []kg.CountFilter{count(kg.OpGte, 10, kg.Both, nil)}},
	"CountEqZero":     {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Substance")}, Counts: []kg.CountFilter{count(kg.OpEq, 0, kg.Incoming, nil, "TARGETS")}},
	"CountWhere":      {Counts: []kg.CountFilter{count(kg.OpGte, 2, kg.Incoming, where(fld(kg.FieldType, kg.OpEq, "Fact")), "ABOUT")}},
	"CountLtLte":      {Counts: []kg.CountFilter{count(kg.OpLt, 3, kg.Both, nil), count(kg.OpLte, 1, kg.Incoming, nil)}},
	"EvidenceQuote":   {Rels: []kg.RelFilter{{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"LOCATED_IN"}, Direction: kg.Outgoing, Evidence: kg.EvidenceQuote, Where: &kg.Filter{}}, Quantifier: kg.Some}}},
	"EvidenceRef":     {Rels: []kg.RelFilter{{RelMatch: kg.RelMatch{Direction: kg.Both, Evidence: kg.EvidenceReference, Where: &kg.Filter{}}, Quantifier: kg.Some}}},
	"EvidenceRefNone": {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Place")}, Counts: []kg.CountFilter{{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"LOCATED_IN"}, Direction: kg.Outgoing, Evidence: kg.EvidenceReference}, Op: kg.OpEq, N: 0}}},
	"Nested2": {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Substance")}, Rels: []kg.RelFilter{rel(kg.Some, kg.Incoming,
		&kg.Filter{Rels: []kg.RelFilter{rel(kg.Some, kg.Incoming, where(fld(kg.FieldCategory, kg.OpContains, "police")), "RUNS", "PARTICIPATES_IN")}}, "TARGETS")}},
	"Nested3": {Rels: []kg.RelFilter{rel(kg.Some, kg.Both, &kg.Filter{Rels: []kg.RelFilter{rel(kg.None, kg.Both,
		&kg.Filter{Counts: []kg.CountFilter{count(kg.OpGt, 3, kg.Both, where(fld(kg.FieldType, kg.OpEq, "Session")))}}, "PART_OF")}}, "LOCATED_IN", "OPERATES_IN")}},
	"And": {And: []kg.Filter{{Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpIn, "Organization", "Initiative")}}, {Counts: []kg.CountFilter{count(kg.OpGte, 3, kg.Both, nil)}}}},
	"Or": {Or: []kg.Filter{{Fields: []kg.FieldFilter{fld(kg.FieldCategory, kg.OpEq, "country")}}, {Fields: []kg.FieldFilter{num(kg.FieldNumber, kg.OpLte, 2)}},
		{Rels: []kg.RelFilter{rel(kg.Some, kg.Outgoing, where(fld(kg.FieldName, kg.OpStartsWith, "c")), "TARGETS")}}}},
	"Not":          {Not: &kg.Filter{Or: []kg.Filter{{Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Fact")}}, {Counts: []kg.CountFilter{count(kg.OpLt, 2, kg.Both, nil)}}}}},
	"NotNotExists": {Not: &kg.Filter{Rels: []kg.RelFilter{rel(kg.None, kg.Both, where(num(kg.FieldValue, kg.OpGt, 50)))}}},
	"AllNegated":   {Rels: []kg.RelFilter{rel(kg.All, kg.Incoming, &kg.Filter{Not: where(num(kg.FieldValue, kg.OpLt, 100))}, "ABOUT")}},
}

// seedFilters name ids and values of the seed data.
var seedFilters = map[string]kg.Filter{
	"CountryEq":   {Fields: []kg.FieldFilter{fld(kg.FieldCountry, kg.OpEq, "united-states")}},
	"CountryIn":   {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Organization"), fld(kg.FieldCountry, kg.OpIn, "canada", "mexico")}},
	"QualifierIn": {Fields: []kg.FieldFilter{fld(kg.FieldQualifier, kg.OpIn, kg.QualifierMoreThan, kg.QualifierAverage)}},
	"KindMeasure": {Fields: []kg.FieldFilter{fld(kg.FieldKind, kg.OpEq, kg.KindCount), fld(kg.FieldMeasure, kg.OpIn, "deaths", "seizures")}},
	"SeriesAny":   {Fields: []kg.FieldFilter{fld(kg.FieldSeries, kg.OpContains, "-")}},
	"IDIn":        {Fields: []kg.FieldFilter{fld(kg.FieldID, kg.OpIn, "fentanyl", "canada", "no-such-entity")}},
	// Substances targeted by initiatives that United States agencies run or take part in.
	"AmericanTargets": {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Substance")}, Rels: []kg.RelFilter{rel(kg.Some, kg.Incoming,
		&kg.Filter{Rels: []kg.RelFilter{rel(kg.Some, kg.Incoming, where(fld(kg.FieldCountry, kg.OpEq, "united-states")), "RUNS", "PARTICIPATES_IN", "LAUNCHED", "CONTRIBUTES_TO")}},
		"TARGETS")}},
	// Organizations that presented in more than one session, themselves or through one of their
	// people.
	"PresentedTwice": {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Organization")}, Or: []kg.Filter{
		{Counts: []kg.CountFilter{count(kg.OpGt, 1, kg.Outgoing, nil, "PRESENTED_AT")}},
		{Rels: []kg.RelFilter{rel(kg.Some, kg.Incoming, &kg.Filter{Counts: []kg.CountFilter{count(kg.OpGt, 1, kg.Outgoing, nil, "PRESENTED_AT")}}, "AFFILIATED_WITH")}},
	}},
	"QuotedLocation": {Fields: []kg.FieldFilter{fld(kg.FieldType, kg.OpEq, "Organization")}, Rels: []kg.RelFilter{
		{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"LOCATED_IN"}, Direction: kg.Outgoing, Evidence: kg.EvidenceQuote, Where: where(fld(kg.FieldCategory, kg.OpEq, "city"))}, Quantifier: kg.Some}}},
}

// checkFilters checks the entity lists, relationship lists and figures that filters select on s
// against the brute-force reference over ents and rels. With nonTrivial, most filters must
// select some entities but not all, or the table checks little.
func checkFilters(t *testing.T, s kg.Store, ents []kg.Entity, rels []kg.Relationship, filters map[string]kg.Filter, nonTrivial bool) {
	ref := newRefFilter(ents, rels)
	ctx := context.Background()
	trivial := 0
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			if err := kg.CheckFilter(&f); err != nil {
				t.Fatalf("the table's filter is refused: %v", err)
			}
			want := ref.ids(&f)
			if len(want) == 0 || len(want) == len(ents) {
				trivial++
			}
			got := walk(t, kg.MaxPageSize, func(p kg.Page) ([]string, bool, error) {
				page, err := s.Entities(ctx, kg.EntityQuery{Where: &f, Page: p})
				return entityIDs(page.Entities), page.HasMore, err
			})
			slices.Sort(got)
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
				t.Errorf("Entities where %+v (-want +got):\n%s", f, diff)
			}
			// The total, and a filter beside types in another order.
			page, err := s.Entities(ctx, kg.EntityQuery{Where: &f, Types: []kg.EntityType{kg.Organization, kg.Substance}, OrderBy: kg.OrderByNameFR,
				Descending: true, Page: kg.Page{Limit: 5, WantTotal: true}})
			if err != nil {
				t.Fatal(err)
			}
			wantTotal := 0
			for _, id := range want {
				if typ := ref.byID[id].Type; typ == kg.Organization || typ == kg.Substance {
					wantTotal++
				}
			}
			if page.Total != wantTotal {
				t.Errorf("total of organizations and substances: %d, want %d", page.Total, wantTotal)
			}
		})
	}
	if nonTrivial && trivial > len(filters)/4 {
		t.Errorf("%d filters of %d select no entity or every one: the table checks little", trivial, len(filters))
	}

	// A typed connection's filter: the relationships of the hubs whose other end a filter accepts.
	t.Run("Relationships", func(t *testing.T) {
		degree := map[string]int{}
		for _, r := range rels {
			degree[r.From]++
			degree[r.To]++
		}
		var ids []string
		for _, e := range ents {
			ids = append(ids, e.ID)
		}
		slices.SortStableFunc(ids, func(a, b string) int { return degree[b] - degree[a] })
		ids = ids[:20]
		for _, name := range []string{"TypeIn", "NameContains", "CountGt", "Some", "Not", "Nested2", "CountBothGte"} {
			f := filters[name]
			for _, dir := range []kg.Direction{kg.Both, kg.Incoming} {
				q := kg.RelQuery{Direction: dir, Where: &f, Page: kg.Page{Limit: kg.MaxPageSize, WantTotal: true}}
				pages, err := s.Relationships(ctx, ids, q)
				if err != nil {
					t.Fatal(err)
				}
				for i, id := range ids {
					var want []string
					for _, r := range rels {
						for _, out := range []bool{true, false} {
							self, other := r.From, r.To
							if !out {
								self, other = r.To, r.From
							}
							if self == id && (dir == kg.Both || out == (dir == kg.Outgoing)) && ref.holds(&f, ref.byID[other]) {
								want = append(want, r.Key())
							}
						}
					}
					var got []string
					for _, r := range pages[i].Relationships {
						got = append(got, r.Key())
					}
					slices.Sort(want)
					slices.Sort(got)
					if pages[i].Total != len(want) || len(want) <= kg.MaxPageSize && !slices.Equal(want, got) {
						t.Errorf("%s %s %v: total %d, got %v; want %d, %v", name, id, dir, pages[i].Total, got, len(want), want)
					}
				}
			}
		}
	})
}

// testFilters runs checkFilters on the seed data, with the filters that name its ids, and the
// figures' filters and order.
func testFilters(t *testing.T, s kg.Store, x *expect) {
	all := map[string]kg.Filter{}
	for name, f := range genericFilters {
		all[name] = f
	}
	for name, f := range seedFilters {
		all[name] = f
	}
	checkFilters(t, s, x.ds.Entities, x.ds.Relationships, all, true)
	ref := newRefFilter(x.ds.Entities, x.ds.Relationships)
	ctx := context.Background()

	t.Run("Questions", func(t *testing.T) {
		for name, want := range map[string][]string{
			"PresentedTwice": {"law-enforcement-and-border-strategies-directorate", "public-safety-canada"},
		} {
			f := seedFilters[name]
			if got := ref.ids(&f); !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
		f := seedFilters["AmericanTargets"]
		if got := ref.ids(&f); len(got) == 0 {
			t.Error("AmericanTargets: no substance")
		}
	})

	t.Run("Facts", func(t *testing.T) {
		for name, q := range map[string]kg.FactQuery{
			"Qualifiers": {Qualifiers: []string{kg.QualifierApproximately, kg.QualifierAverage, kg.QualifierMoreThan}},
			"Measures":   {Measures: []string{"deaths", "seizures", "cases"}},
			"Where":      {Where: &kg.Filter{Rels: []kg.RelFilter{rel(kg.Some, kg.Outgoing, where(fld(kg.FieldCountry, kg.OpEq, "canada")), "ABOUT")}}},
			"All":        {Qualifiers: []string{kg.QualifierExact}, Measures: []string{"seizures"}, Where: where(num(kg.FieldValue, kg.OpGt, 1))},
		} {
			t.Run(name, func(t *testing.T) {
				var want []string
				for _, e := range x.ds.Entities {
					if e.Type == kg.Fact && (len(q.Qualifiers) == 0 || slices.Contains(q.Qualifiers, e.Qualifier)) &&
						(len(q.Measures) == 0 || slices.Contains(q.Measures, e.Measure)) && ref.holds(q.Where, &e) {
						want = append(want, e.ID)
					}
				}
				got := walk(t, 30, func(p kg.Page) ([]string, bool, error) {
					q.Page = p
					page, err := s.Facts(ctx, q)
					return entityIDs(page.Entities), page.HasMore, err
				})
				slices.Sort(want)
				if len(want) == 0 || !slices.Equal(want, got) {
					t.Errorf("got %v, want %v", got, want)
				}
			})
		}
	})

	t.Run("FactsOrderByValueOneUnit", func(t *testing.T) {
		_, err := s.Facts(ctx, kg.FactQuery{OrderBy: kg.OrderByValue, Page: kg.Page{Limit: 5}})
		if !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("figures of every unit ordered by value: %v, want ErrInvalid", err)
		}
		_, err = s.Facts(ctx, kg.FactQuery{Measures: []string{"seizures"}, OrderBy: kg.OrderByValue, Page: kg.Page{Limit: 5}})
		if !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("seizures in kilograms and in pills ordered by value: %v, want ErrInvalid", err)
		}
		for _, q := range []kg.FactQuery{
			{Units: []string{"kilograms"}, OrderBy: kg.OrderByValue, Descending: true, Page: kg.Page{Limit: 50}},
			{Where: where(fld(kg.FieldUnit, kg.OpEq, "percent")), OrderBy: kg.OrderByValue, Page: kg.Page{Limit: 50}},
			{Measures: []string{"seizures"}, Page: kg.Page{Limit: 50}},
		} {
			page, err := s.Facts(ctx, q)
			if err != nil || len(page.Entities) < 2 {
				t.Errorf("%+v: %d figures, %v", q, len(page.Entities), err)
			}
		}
	})

	t.Run("Bounds", func(t *testing.T) {
		deep := &kg.Filter{}
		for range kg.MaxFilterDepth + 1 {
			deep = &kg.Filter{Rels: []kg.RelFilter{rel(kg.Some, kg.Both, deep)}}
		}
		wide := &kg.Filter{}
		for range kg.MaxFilterClauses + 1 {
			wide.Fields = append(wide.Fields, fld(kg.FieldType, kg.OpEq, "Place"))
		}
		for name, f := range map[string]*kg.Filter{"Deep": deep, "Wide": wide} {
			if _, err := s.Entities(ctx, kg.EntityQuery{Where: f, Page: kg.Page{Limit: 5}}); !errors.Is(err, kg.ErrTooComplex) {
				t.Errorf("%s: Entities %v, want ErrTooComplex", name, err)
			}
			if _, err := s.Relationships(ctx, []string{"canada"}, kg.RelQuery{Where: f, Page: kg.Page{Limit: 5}}); !errors.Is(err, kg.ErrTooComplex) {
				t.Errorf("%s: Relationships %v, want ErrTooComplex", name, err)
			}
		}
		for _, f := range []*kg.Filter{
			where(fld(kg.FieldValue, kg.OpGt, "10")),
			where(num(kg.FieldName, kg.OpEq, 1)),
			where(fld(kg.FieldCountry, kg.OpContains, "can")),
			where(fld(kg.FieldType, kg.OpEq, "Place", "Fact")),
			where(fld("colour", kg.OpEq, "red")),
			{Rels: []kg.RelFilter{rel("most", kg.Both, nil)}},
			{Rels: []kg.RelFilter{rel(kg.Some, kg.Both, nil, "NO_SUCH_TYPE")}},
			{Counts: []kg.CountFilter{count(kg.OpContains, 1, kg.Both, nil)}},
		} {
			if _, err := s.Entities(ctx, kg.EntityQuery{Where: f, Page: kg.Page{Limit: 5}}); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("Entities where %+v: %v, want ErrInvalid", f, err)
			}
		}
	})
}
