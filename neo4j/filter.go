package neo4j

import (
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
)

// This file compiles a kg.Filter into a Cypher predicate over a node, for the WHERE clause of the
// statement that lists entities, relationships or figures, or of a plan's subquery. Every value
// of the filter is a parameter ($w1, $w2, ...). What the text holds besides fixed Cypher is the
// filter's shape (AND, OR, NOT, one EXISTS or COUNT subquery per relationship filter, nested as
// the filter is), relationship types of the vocabulary (checked again here) and properties named
// in this file, chosen by the filter's field: nothing of the request's text.
//
// Every comparison is two-valued, as the embedded store's: properties that may be missing are read
// through coalesce, and orders hold only where the entity has a value, so that NOT and `all` mean
// what they mean in Go rather than in Cypher's three-valued logic.

// filterCompiler writes the predicates of one statement and holds their parameters.
type filterCompiler struct {
	params map[string]any
	n      int // parameters and variables written so far
}

// newFilterCompiler returns a compiler that adds its parameters to params.
func newFilterCompiler(params map[string]any) *filterCompiler {
	return &filterCompiler{params: params}
}

// param adds a parameter holding v and returns its reference.
func (c *filterCompiler) param(v any) string {
	c.n++
	name := fmt.Sprintf("w%d", c.n)
	c.params[name] = v
	return "$" + name
}

// variable returns a new variable name for a subquery.
func (c *filterCompiler) variable(prefix string) string {
	c.n++
	return fmt.Sprintf("%s%d", prefix, c.n)
}

// pred returns the predicate that holds for the entity in variable v when f does; "true" for a
// nil or empty filter. f must have passed kg.CheckFilter.
func (c *filterCompiler) pred(v string, f *kg.Filter) (string, error) {
	if f == nil {
		return "true", nil
	}
	var parts []string
	for _, ff := range f.Fields {
		p, err := c.field(v, ff)
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	for _, r := range f.Rels {
		p, err := c.rel(v, r)
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	for _, n := range f.Counts {
		sub, err := c.match(v, n.RelMatch, true, "COUNT")
		if err != nil {
			return "", err
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", sub, orderOps[n.Op], c.param(int64(n.N))))
	}
	for i := range f.And {
		p, err := c.pred(v, &f.And[i])
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	if len(f.Or) > 0 {
		var alts []string
		for i := range f.Or {
			p, err := c.pred(v, &f.Or[i])
			if err != nil {
				return "", err
			}
			alts = append(alts, p)
		}
		parts = append(parts, "("+strings.Join(alts, " OR ")+")")
	}
	if f.Not != nil {
		p, err := c.pred(v, f.Not)
		if err != nil {
			return "", err
		}
		parts = append(parts, "NOT "+p)
	}
	if len(parts) == 0 {
		return "true", nil
	}
	return "(" + strings.Join(parts, " AND ") + ")", nil
}

// orderOps are the Cypher operators of the comparisons that are orders or equality.
var orderOps = map[kg.FilterOp]string{kg.OpEq: "=", kg.OpGt: ">", kg.OpGte: ">=", kg.OpLt: "<", kg.OpLte: "<="}

// textProperties are the properties of the string fields, read as "" where missing; the name in
// either language is two of them.
var textProperties = map[kg.FilterField][]string{
	kg.FieldID: {"id"}, kg.FieldType: {"type"}, kg.FieldCategory: {"category"},
	kg.FieldName: {"sortNameEn", "sortNameFr"}, kg.FieldNameEN: {"sortNameEn"}, kg.FieldNameFR: {"sortNameFr"},
	kg.FieldStartDate: {"startDate"}, kg.FieldEndDate: {"endDate"}, kg.FieldPeriod: {"period"},
	kg.FieldUnit: {"unit"}, kg.FieldKind: {"kind"}, kg.FieldQualifier: {"qualifier"}, kg.FieldMeasure: {"measure"},
	kg.FieldSeries: {"series"},
}

// field returns the predicate of one comparison of the entity in variable v.
func (c *filterCompiler) field(v string, f kg.FieldFilter) (string, error) {
	switch f.Field {
	case kg.FieldNumber, kg.FieldValue:
		expr, has := fmt.Sprintf("coalesce(%s.number, 0)", v), fmt.Sprintf("coalesce(%s.number, 0) <> 0", v)
		if f.Field == kg.FieldValue {
			expr, has = fmt.Sprintf("coalesce(%s.value, 0.0)", v), fmt.Sprintf("%s.type = 'Fact'", v)
		}
		if f.Op == kg.OpEq || f.Op == kg.OpIn {
			return fmt.Sprintf("(%s AND %s IN %s)", has, expr, c.param(append([]float64{}, f.Numbers...))), nil
		}
		return fmt.Sprintf("(%s AND %s %s %s)", has, expr, orderOps[f.Op], c.param(f.Numbers[0])), nil
	case kg.FieldCountry:
		// Places of category country among v and what it reaches through LOCATED_IN.
		place := c.variable("fc")
		return fmt.Sprintf("EXISTS { MATCH (%s)-[:LOCATED_IN*0..%d]->(%s:Entity) WHERE %s.type = 'Place' AND %s.category = 'country' AND %s.id IN %s }",
			v, kg.MaxCountryHops, place, place, place, place, c.param(strs(f.Values))), nil
	}
	props, ok := textProperties[f.Field]
	if !ok {
		return "", fmt.Errorf("neo4j: filter field %q has no property", f.Field)
	}
	values := f.Folded()
	var alts []string
	for _, prop := range props {
		expr := fmt.Sprintf("coalesce(%s.%s, '')", v, prop)
		switch f.Op {
		case kg.OpEq, kg.OpIn:
			alts = append(alts, fmt.Sprintf("%s IN %s", expr, c.param(strs(values))))
		case kg.OpContains:
			alts = append(alts, fmt.Sprintf("%s CONTAINS %s", expr, c.param(values[0])))
		case kg.OpStartsWith:
			alts = append(alts, fmt.Sprintf("%s STARTS WITH %s", expr, c.param(values[0])))
		default:
			alts = append(alts, fmt.Sprintf("(%s <> '' AND %s %s %s)", expr, expr, orderOps[f.Op], c.param(values[0])))
		}
	}
	return "(" + strings.Join(alts, " OR ") + ")", nil
}

// rel returns the predicate of a relationship filter of the entity in variable v.
func (c *filterCompiler) rel(v string, r kg.RelFilter) (string, error) {
	switch r.Quantifier {
	case kg.Some:
		return c.match(v, r.RelMatch, true, "EXISTS")
	case kg.None:
		sub, err := c.match(v, r.RelMatch, true, "EXISTS")
		return "NOT " + sub, err
	case kg.All:
		// No relationship leads to an entity that the condition refuses.
		sub, err := c.match(v, r.RelMatch, false, "EXISTS")
		return "NOT " + sub, err
	case kg.Single:
		sub, err := c.match(v, r.RelMatch, true, "COUNT")
		return sub + " = 1", err
	}
	return "", fmt.Errorf("neo4j: unknown quantifier %q", r.Quantifier)
}

// match returns the subquery (EXISTS or COUNT) over the relationships of the entity in variable v
// that m selects, whose other end m.Where accepts (accepts) or refuses (!accepts).
func (c *filterCompiler) match(v string, m kg.RelMatch, accepts bool, kind string) (string, error) {
	for _, t := range m.Types {
		if _, ok := kg.LookupRelType(t); !ok || !relTypeName.MatchString(string(t)) {
			return "", fmt.Errorf("neo4j: filter: relationship type %q cannot be written into a statement", t)
		}
	}
	r, o := c.variable("fr"), c.variable("fm")
	pat := pattern(v, r, o, kg.RelQuery{Types: m.Types, Direction: m.Direction})
	conds := []string{}
	switch m.Evidence {
	case kg.EvidenceQuote:
		conds = append(conds, fmt.Sprintf("any(k IN coalesce(%s.evidenceKinds, []) WHERE k <> 'reference')", r))
	case kg.EvidenceReference:
		conds = append(conds, fmt.Sprintf("'reference' IN coalesce(%s.evidenceKinds, [])", r))
	}
	p, err := c.pred(o, m.Where)
	if err != nil {
		return "", err
	}
	if !accepts {
		p = "NOT " + p
	}
	if p != "true" {
		conds = append(conds, p)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return fmt.Sprintf("%s { MATCH %s%s }", kind, pat, where), nil
}

// unitsOf decodes the units column of a record and sorts them, for kg.CheckUnits.
func unitsOf(rec *neo4j.Record) ([]string, error) {
	raw, err := value[[]any](rec, "units")
	if err != nil {
		return nil, err
	}
	units := make([]string, len(raw))
	for i, u := range raw {
		units[i], _ = u.(string)
	}
	slices.Sort(units)
	return units, nil
}

// withFilter returns st with the predicate of f on the entity in variable v added to its WHERE
// clause, just before anchor (the clause after it), and the filter's parameters added to params;
// st itself when f is nil.
func withFilter(st statement, anchor, v string, f *kg.Filter, params map[string]any) (statement, error) {
	if f == nil {
		return st, nil
	}
	text, err := addFilter(st.text, anchor, v, f, newFilterCompiler(params))
	if err != nil {
		return statement{}, err
	}
	return newStatement(st.name+" (filtered)", text), nil
}

// addFilter returns text with the predicate of f on v, written by c, added before anchor.
func addFilter(text, anchor, v string, f *kg.Filter, c *filterCompiler) (string, error) {
	if strings.Count(text, anchor) != 1 {
		return "", fmt.Errorf("neo4j: internal error: a statement holds %q %d times, want once", anchor, strings.Count(text, anchor))
	}
	p, err := c.pred(v, f)
	if err != nil {
		return "", err
	}
	return strings.Replace(text, anchor, "\n  AND "+p+anchor, 1), nil
}

// The clauses that follow the WHERE clause of the statements a filter is added to.
const (
	anchorEntities      = "\nWITH n,"
	anchorEntitiesCount = "\nRETURN count(n)"
	anchorEntitiesUnits = "\nRETURN collect(DISTINCT"
	anchorRelationships = "\nWITH id, r, m, startNode(r) = n AS outgoing"
	anchorFacts         = "\nWITH f,"
)

func init() {
	for _, a := range []struct {
		st     statement
		anchor string
	}{{stmtEntities, anchorEntities}, {stmtEntitiesID, anchorEntities}, {stmtEntitiesCount, anchorEntitiesCount}, {stmtEntitiesUnits, anchorEntitiesUnits}, {stmtRelationships, anchorRelationships}, {stmtFacts, anchorFacts}} {
		if strings.Count(a.st.text, a.anchor) != 1 {
			panic(fmt.Sprintf("neo4j: %s must hold %q once, where a filter is added", a.st.name, a.anchor))
		}
	}
}
