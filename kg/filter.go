package kg

import (
	"slices"
	"strings"
)

// Filter is a condition on an entity: a small tree of clauses that holds when every one of its
// parts holds (an empty Filter holds for every entity). It is a plain value: the embedded store
// evaluates it (Filter.Eval), the Neo4j store compiles it into the WHERE clause of one statement.
type Filter struct {
	// Fields compare a field of the entity with values.
	Fields []FieldFilter `json:"fields,omitempty"`
	// Rels quantify over the relationships of the entity of some types in a direction.
	Rels []RelFilter `json:"rels,omitempty"`
	// Counts compare the number of such relationships with a number.
	Counts []CountFilter `json:"counts,omitempty"`
	// And holds when every filter holds, Or when one does, Not when it does not.
	And []Filter `json:"and,omitempty"`
	Or  []Filter `json:"or,omitempty"`
	Not *Filter  `json:"not,omitempty"`
}

// FilterField is a field of an entity that a filter may compare. The set is fixed: each store
// maps each field to a property (or, for the country, to a walk up LOCATED_IN) in code.
type FilterField string

// The fields of a filter. String fields read "" where the entity has none.
const (
	FieldID       FilterField = "id"
	FieldType     FilterField = "type"
	FieldCategory FilterField = "category"
	// FieldName is the name in either language: the comparison holds if it holds for one of them.
	// Names are compared folded (Fold), and so are the values compared with them.
	FieldName   FilterField = "name"
	FieldNameEN FilterField = "nameEn"
	FieldNameFR FilterField = "nameFr"
	// FieldCountry is the id of a country (a place of category "country") that the entity is
	// in: itself, or one reached by following LOCATED_IN, at most MaxCountryHops relationships.
	// An entity may be in several; the comparison holds if it holds for one.
	FieldCountry   FilterField = "country"
	FieldStartDate FilterField = "startDate"
	FieldEndDate   FilterField = "endDate"
	FieldPeriod    FilterField = "period"
	FieldUnit      FilterField = "unit"
	FieldKind      FilterField = "kind"
	FieldQualifier FilterField = "qualifier"
	FieldMeasure   FilterField = "measure"
	FieldSeries    FilterField = "series"
	// FieldNumber is a session's number: only entities with a number other than 0 have one.
	FieldNumber FilterField = "number"
	// FieldValue is a figure's value: only facts have one.
	FieldValue FilterField = "value"
)

// MaxCountryHops bounds the walk up LOCATED_IN that finds the countries of an entity: an
// organization in a city in a region in a province in a country is four.
const MaxCountryHops = 5

// FilterOp is a comparison of a filter.
type FilterOp string

// The comparisons of a filter. Eq, In and the orders hold for a field that has a value; Contains
// and StartsWith for a string field that contains or starts with the value.
const (
	OpEq         FilterOp = "eq"
	OpIn         FilterOp = "in"
	OpContains   FilterOp = "contains"
	OpStartsWith FilterOp = "startsWith"
	OpGt         FilterOp = "gt"
	OpGte        FilterOp = "gte"
	OpLt         FilterOp = "lt"
	OpLte        FilterOp = "lte"
)

// fieldKind says which comparisons a field takes and how its values read.
type fieldKind int

const (
	kindText   fieldKind = iota // eq, in, contains, startsWith
	kindFolded                  // a text compared folded: eq, in, contains, startsWith
	kindDate                    // an ISO date or period: every string comparison, orders as text
	kindExact                   // an id or name of the vocabulary: eq, in
	kindNumber                  // eq, in, orders
)

// filterFields gives the kind of each field.
var filterFields = map[FilterField]fieldKind{
	FieldID: kindText, FieldType: kindExact, FieldCategory: kindText,
	FieldName: kindFolded, FieldNameEN: kindFolded, FieldNameFR: kindFolded,
	FieldCountry: kindExact, FieldStartDate: kindDate, FieldEndDate: kindDate, FieldPeriod: kindDate,
	FieldUnit: kindText, FieldKind: kindExact, FieldQualifier: kindExact, FieldMeasure: kindExact, FieldSeries: kindText,
	FieldNumber: kindNumber, FieldValue: kindNumber,
}

// IsNumber reports whether f compares numbers (Numbers) rather than strings (Values).
func (f FilterField) IsNumber() bool { return filterFields[f] == kindNumber }

// FieldFilter compares one field of an entity.
type FieldFilter struct {
	Field FilterField `json:"field"`
	Op    FilterOp    `json:"op"`
	// Values are the strings compared with a string field: one, or any number for In.
	Values []string `json:"values,omitempty"`
	// Numbers are the numbers compared with a number field, likewise.
	Numbers []float64 `json:"numbers,omitempty"`
}

// Quantifier says how many of an entity's relationships must lead to an entity that the nested
// filter accepts.
type Quantifier string

// The quantifiers of a relationship filter.
const (
	Some   Quantifier = "some"
	None   Quantifier = "none"
	All    Quantifier = "all"
	Single Quantifier = "single"
)

// RelMatch selects relationships of an entity: of one of Types (any when empty), in Direction,
// with evidence of kind Evidence when it is set, whose other end Where accepts when it is set.
type RelMatch struct {
	Types     []RelationshipType `json:"types,omitempty"`
	Direction Direction          `json:"direction"`
	// Evidence is EvidenceQuote or EvidenceReference: only relationships with at least one
	// evidence of that kind count (EvidenceQuote leaves world-knowledge links out); any when empty.
	Evidence string  `json:"evidence,omitempty"`
	Where    *Filter `json:"where,omitempty"`
}

// RelFilter holds when Quantifier of the relationships that Types, Direction and Evidence select
// lead to an entity that Where accepts: some (at least one), none, all (every one, and so when
// there are none) or single (exactly one).
type RelFilter struct {
	RelMatch
	Quantifier Quantifier `json:"quantifier"`
}

// CountFilter holds when the number of relationships that RelMatch selects compares with N as Op
// says (eq, gt, gte, lt or lte).
type CountFilter struct {
	RelMatch
	Op FilterOp `json:"op"`
	N  int      `json:"n"`
}

// Bounds of a filter: a request's filter is refused (ErrTooComplex) past them, so that what it
// costs to evaluate stays small.
const (
	// MaxFilterDepth bounds the nesting of relationship filters: a filter on entities two
	// relationships away has depth 2.
	MaxFilterDepth = 3
	// MaxFilterClauses bounds the clauses of a whole filter: every field comparison,
	// relationship filter, count and AND, OR or NOT counts one.
	MaxFilterClauses = 24
	// MaxFilterValues bounds the values of one comparison.
	MaxFilterValues = MaxPageSize
)

// Size returns the number of clauses of f and its depth of nested relationship filters.
func (f *Filter) Size() (clauses, depth int) {
	if f == nil {
		return 0, 0
	}
	clauses = len(f.Fields)
	add := func(g *Filter, nested bool) {
		c, d := g.Size()
		clauses += c
		if nested {
			d++
		}
		depth = max(depth, d)
	}
	for i := range f.Rels {
		clauses++
		if f.Rels[i].Where != nil {
			add(f.Rels[i].Where, true)
		}
	}
	for i := range f.Counts {
		clauses++
		if f.Counts[i].Where != nil {
			add(f.Counts[i].Where, true)
		}
	}
	for _, list := range [][]Filter{f.And, f.Or} {
		for i := range list {
			clauses++
			add(&list[i], false)
		}
	}
	if f.Not != nil {
		clauses++
		add(f.Not, false)
	}
	return clauses, depth
}

// CheckFilter returns an error if f cannot be served: ErrTooComplex past its bounds, ErrInvalid
// for a comparison that its field does not take or values it cannot compare. A nil filter is
// valid.
func CheckFilter(f *Filter) error {
	if f == nil {
		return nil
	}
	clauses, depth := f.Size()
	if depth > MaxFilterDepth {
		return Errorf(ErrTooComplex, "the filter nests %d levels of relationship filters, more than the limit of %d", depth, MaxFilterDepth)
	}
	if clauses > MaxFilterClauses {
		return Errorf(ErrTooComplex, "the filter has %d clauses, more than the limit of %d", clauses, MaxFilterClauses)
	}
	return f.check()
}

func (f *Filter) check() error {
	for _, c := range f.Fields {
		if err := c.check(); err != nil {
			return err
		}
	}
	for _, r := range f.Rels {
		switch r.Quantifier {
		case Some, None, All, Single:
		default:
			return Errorf(ErrInvalid, "unknown quantifier %q", r.Quantifier)
		}
		if err := r.check(); err != nil {
			return err
		}
	}
	for _, c := range f.Counts {
		switch c.Op {
		case OpEq, OpGt, OpGte, OpLt, OpLte:
		default:
			return Errorf(ErrInvalid, "a relationship count takes eq, gt, gte, lt or lte, not %q", c.Op)
		}
		if err := c.check(); err != nil {
			return err
		}
	}
	for _, list := range [][]Filter{f.And, f.Or} {
		for i := range list {
			if err := list[i].check(); err != nil {
				return err
			}
		}
	}
	if f.Not != nil {
		return f.Not.check()
	}
	return nil
}

func (m RelMatch) check() error {
	if err := CheckRelTypes(m.Types); err != nil {
		return err
	}
	switch m.Evidence {
	case "", EvidenceQuote, EvidenceReference:
	default:
		return Errorf(ErrInvalid, "unknown kind of evidence %q", m.Evidence)
	}
	if m.Where != nil {
		return m.Where.check()
	}
	return nil
}

func (c FieldFilter) check() error {
	kind, ok := filterFields[c.Field]
	if !ok {
		return Errorf(ErrInvalid, "unknown filter field %q", c.Field)
	}
	var allowed []FilterOp
	switch kind {
	case kindText, kindFolded:
		allowed = []FilterOp{OpEq, OpIn, OpContains, OpStartsWith}
	case kindExact:
		allowed = []FilterOp{OpEq, OpIn}
	case kindDate:
		allowed = []FilterOp{OpEq, OpIn, OpContains, OpStartsWith, OpGt, OpGte, OpLt, OpLte}
	case kindNumber:
		allowed = []FilterOp{OpEq, OpIn, OpGt, OpGte, OpLt, OpLte}
	}
	if !slices.Contains(allowed, c.Op) {
		return Errorf(ErrInvalid, "the filter field %s takes %v, not %q", c.Field, allowed, c.Op)
	}
	n := len(c.Values)
	if kind == kindNumber {
		n = len(c.Numbers)
		if len(c.Values) > 0 {
			return Errorf(ErrInvalid, "the filter field %s compares numbers", c.Field)
		}
	} else if len(c.Numbers) > 0 {
		return Errorf(ErrInvalid, "the filter field %s compares strings", c.Field)
	}
	if c.Op != OpIn && n != 1 {
		return Errorf(ErrInvalid, "%s on %s takes one value, got %d", c.Op, c.Field, n)
	}
	if n > MaxFilterValues {
		return Errorf(ErrInvalid, "in on %s takes at most %d values, got %d", c.Field, MaxFilterValues, n)
	}
	for _, v := range c.Values {
		if len(v) > 200 {
			return Errorf(ErrInvalid, "a value of the filter on %s is %d bytes long; the maximum is 200", c.Field, len(v))
		}
	}
	return nil
}

// Folded returns the values of c as the field compares them: folded for a name (Fold), as given
// otherwise.
func (c FieldFilter) Folded() []string {
	if filterFields[c.Field] != kindFolded {
		return c.Values
	}
	out := make([]string, len(c.Values))
	for i, v := range c.Values {
		out[i] = Fold(v)
	}
	return out
}

// FilterText returns the strings an entity holds for a string field other than the country: one,
// or two for the name in either language.
func FilterText(e *Entity, f FilterField) []string {
	switch f {
	case FieldID:
		return []string{e.ID}
	case FieldType:
		return []string{string(e.Type)}
	case FieldCategory:
		return []string{e.Category}
	case FieldName:
		return []string{SortKey(e, EN), SortKey(e, FR)}
	case FieldNameEN:
		return []string{SortKey(e, EN)}
	case FieldNameFR:
		return []string{SortKey(e, FR)}
	case FieldStartDate:
		return []string{e.StartDate}
	case FieldEndDate:
		return []string{e.EndDate}
	case FieldPeriod:
		return []string{e.Period}
	case FieldUnit:
		return []string{e.Unit}
	case FieldKind:
		return []string{e.Kind}
	case FieldQualifier:
		return []string{e.Qualifier}
	case FieldMeasure:
		return []string{e.Measure}
	case FieldSeries:
		return []string{e.Series}
	}
	return nil
}

// FilterNumber returns the number an entity holds for a number field, and false when it has none.
func FilterNumber(e *Entity, f FilterField) (float64, bool) {
	switch f {
	case FieldNumber:
		return float64(e.Number), e.Number != 0
	case FieldValue:
		return e.Value, e.Type == Fact
	}
	return 0, false
}

// MatchText reports whether the field's value v compares as op says with values (a comparison's
// Folded values). An order holds only for a non-empty v.
func MatchText(op FilterOp, v string, values []string) bool {
	switch op {
	case OpEq, OpIn:
		return slices.Contains(values, v)
	case OpContains:
		return strings.Contains(v, values[0])
	case OpStartsWith:
		return strings.HasPrefix(v, values[0])
	}
	if v == "" {
		return false
	}
	c := strings.Compare(v, values[0])
	return compareHolds(op, c)
}

// MatchNumber reports whether v compares as op says with values.
func MatchNumber(op FilterOp, v float64, values []float64) bool {
	if op == OpEq || op == OpIn {
		return slices.Contains(values, v)
	}
	c := 0
	switch {
	case v < values[0]:
		c = -1
	case v > values[0]:
		c = 1
	}
	return compareHolds(op, c)
}

// MatchCount reports whether the count n compares with c.N as c.Op says.
func (c CountFilter) MatchCount(n int) bool {
	switch {
	case n < c.N:
		return compareHolds(c.Op, -1)
	case n > c.N:
		return compareHolds(c.Op, 1)
	}
	return compareHolds(c.Op, 0)
}

// compareHolds reports whether an order op holds for a comparison c (-1, 0 or 1).
func compareHolds(op FilterOp, c int) bool {
	switch op {
	case OpEq:
		return c == 0
	case OpGt:
		return c > 0
	case OpGte:
		return c >= 0
	case OpLt:
		return c < 0
	case OpLte:
		return c <= 0
	}
	return false
}

// HasEvidence reports whether ev holds an evidence of kind (EvidenceQuote or EvidenceReference);
// an empty kind holds for any list.
func HasEvidence(ev []Evidence, kind string) bool {
	if kind == "" {
		return true
	}
	return slices.ContainsFunc(ev, func(e Evidence) bool { return e.IsReference() == (kind == EvidenceReference) })
}

// Holds reports whether the quantifier q holds of matched relationships out of total.
func (q Quantifier) Holds(matched, total int) bool {
	switch q {
	case Some:
		return matched > 0
	case None:
		return matched == 0
	case All:
		return matched == total
	case Single:
		return matched == 1
	}
	return false
}
