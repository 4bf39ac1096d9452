package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/drugwatch/roundtable-kg/errcode"
	"github.com/drugwatch/roundtable-kg/reqlog"
)

// Limits bound what one GraphQL document may ask. Every limit but Cost is checked on the parsed
// document before validation, in time linear in its size, so that no document, however hostile,
// makes the server work long before it is refused; Cost is checked after validation, when the
// variables that set page sizes are known. Zero disables a limit.
type Limits struct {
	// Depth bounds the nesting of selections, fragments expanded: { a { b } } has depth 2.
	Depth int
	// Aliases bounds the aliased fields (a field selected under another name), fragments expanded.
	Aliases int
	// RootFields bounds the fields selected at the root of an operation, fragments expanded.
	RootFields int
	// Tokens bounds the lexical tokens of the document (names, punctuation, values).
	Tokens int
	// Fields bounds the selected fields, counted once per place where a fragment is spread.
	Fields int
	// Cost bounds the estimated number of fields a query resolves: each field costs 1, and a list
	// field costs its page size (first, limit or the number of ids) times the cost of its children.
	Cost int
}

// DefaultLimits are the limits of the server unless configured otherwise. They leave room for
// every example of the IDE and the README (the largest has depth 8 and about 60 fields), and for a
// question of five hops asked through typed connections: Relay's edges { node } make each hop
// three levels deep.
var DefaultLimits = Limits{
	Depth:      16,
	Aliases:    30,
	RootFields: 30,
	Tokens:     5000,
	Fields:     1000,
	Cost:       100000,
}

// CodeQueryTooComplex is the code of a document refused by a limit.
const CodeQueryTooComplex = errcode.QueryTooComplex

// shape is what a selection set asks for once its fragments are expanded.
type shape struct {
	depth   int // deepest chain of fields
	fields  int // fields at every level
	aliases int // aliased fields at every level
	top     int // fields at this level
}

func (s *shape) add(o shape) {
	s.depth = max(s.depth, o.depth)
	s.fields = satAdd(s.fields, o.fields)
	s.aliases = satAdd(s.aliases, o.aliases)
	s.top = satAdd(s.top, o.top)
}

// satAdd adds without overflow: fragments spread in fragments can multiply counts past any int.
func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// measurer computes the shapes of selection sets, each fragment's once.
type measurer struct {
	fragments map[string]*ast.FragmentDefinition
	memo      map[string]shape
	visiting  map[string]bool
}

func (m *measurer) selectionSet(set ast.SelectionSet) shape {
	var s shape
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			c := m.selectionSet(sel.SelectionSet)
			c.depth++
			c.fields = satAdd(c.fields, 1)
			if sel.Alias != sel.Name {
				c.aliases = satAdd(c.aliases, 1)
			}
			c.top = 1
			s.add(c)
		case *ast.InlineFragment:
			s.add(m.selectionSet(sel.SelectionSet))
		case *ast.FragmentSpread:
			s.add(m.fragment(sel.Name))
		}
	}
	return s
}

// fragment returns the shape of a named fragment; an unknown fragment, or one that spreads
// itself, measures nothing here and fails validation afterwards.
func (m *measurer) fragment(name string) shape {
	if s, ok := m.memo[name]; ok {
		return s
	}
	def, ok := m.fragments[name]
	if !ok || m.visiting[name] {
		return shape{}
	}
	m.visiting[name] = true
	s := m.selectionSet(def.SelectionSet)
	delete(m.visiting, name)
	m.memo[name] = s
	return s
}

// check parses query within the token limit and checks every operation of it against the
// structural limits. It returns the parsed document, or an error with code QUERY_TOO_COMPLEX,
// or nil and no error when the document does not parse (the executor reports that).
func (l Limits) check(query string) (*ast.QueryDocument, *gqlerror.Error) {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, l.Tokens)
	if err != nil {
		var gqlErr *gqlerror.Error
		if l.Tokens > 0 && errors.As(err, &gqlErr) && gqlErr.Message == fmt.Sprintf("exceeded token limit of %d", l.Tokens) {
			return nil, tooComplex("the document has more than %d tokens; send a smaller document", l.Tokens)
		}
		return nil, nil
	}
	m := &measurer{fragments: map[string]*ast.FragmentDefinition{}, memo: map[string]shape{}, visiting: map[string]bool{}}
	for _, f := range doc.Fragments {
		if _, dup := m.fragments[f.Name]; !dup {
			m.fragments[f.Name] = f
		}
	}
	for _, op := range doc.Operations {
		s := m.selectionSet(op.SelectionSet)
		s.depth = m.selectionSet(withoutIntrospection(op.SelectionSet)).depth
		switch {
		case l.Depth > 0 && s.depth > l.Depth:
			return nil, tooComplex("the operation nests %d levels of fields, more than the limit of %d; ask for fewer levels", s.depth, l.Depth)
		case l.RootFields > 0 && s.top > l.RootFields:
			return nil, tooComplex("the operation selects %s root fields, more than the limit of %d; split it into several requests", count(s.top), l.RootFields)
		case l.Aliases > 0 && s.aliases > l.Aliases:
			return nil, tooComplex("the operation has %s aliased fields, more than the limit of %d; use fewer aliases", count(s.aliases), l.Aliases)
		case l.Fields > 0 && s.fields > l.Fields:
			return nil, tooComplex("the operation selects %s fields once its fragments are expanded, more than the limit of %d; select fewer fields", count(s.fields), l.Fields)
		}
		if err := checkIntLiterals(op.SelectionSet); err != nil {
			return nil, err
		}
	}
	for _, f := range doc.Fragments {
		if err := checkIntLiterals(f.SelectionSet); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// withoutIntrospection returns the root selections of an operation but __schema and __type, whose
// depth is not limited: the introspection query of IDEs and code generators is 15 levels deep,
// and the validator bounds the nesting of introspection itself (rule MaxIntrospectionDepth).
// Their fields and aliases count like any others.
func withoutIntrospection(set ast.SelectionSet) ast.SelectionSet {
	var out ast.SelectionSet
	for _, sel := range set {
		if f, ok := sel.(*ast.Field); ok && (f.Name == "__schema" || f.Name == "__type") {
			continue
		}
		out = append(out, sel)
	}
	return out
}

// count writes n, or "too many" for a saturated count.
func count(n int) string {
	if n == math.MaxInt {
		return "too many"
	}
	return strconv.Itoa(n)
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": CodeQueryTooComplex}
	return err
}

func badInput(format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": CodeBadUserInput}
	return err
}

// checkIntLiterals refuses integer literals outside GraphQL's Int, a signed 32-bit integer,
// which the executor would otherwise accept as Go ints.
func checkIntLiterals(set ast.SelectionSet) *gqlerror.Error {
	for _, sel := range set {
		var (
			args  ast.ArgumentList
			child ast.SelectionSet
		)
		switch sel := sel.(type) {
		case *ast.Field:
			args, child = sel.Arguments, sel.SelectionSet
		case *ast.InlineFragment:
			child = sel.SelectionSet
		}
		for _, a := range args {
			if err := checkIntValue(a.Value); err != nil {
				return err
			}
		}
		if err := checkIntLiterals(child); err != nil {
			return err
		}
	}
	return nil
}

func checkIntValue(v *ast.Value) *gqlerror.Error {
	if v == nil {
		return nil
	}
	if v.Kind == ast.IntValue {
		if _, err := strconv.ParseInt(v.Raw, 10, 32); err != nil {
			return badInput("%s is not a GraphQL Int (a signed 32-bit integer, at most %d)", v.Raw, math.MaxInt32)
		}
	}
	for _, c := range v.Children {
		if err := checkIntValue(c.Value); err != nil {
			return err
		}
	}
	return nil
}

// checkIntVariables refuses values of Int variables outside a signed 32-bit integer.
func checkIntVariables(intVars []string, vars map[string]any) *gqlerror.Error {
	for _, name := range intVars {
		if err := checkIntJSON(name, vars[name]); err != nil {
			return err
		}
	}
	return nil
}

func checkIntJSON(name string, v any) *gqlerror.Error {
	switch v := v.(type) {
	case json.Number:
		if _, err := strconv.ParseInt(string(v), 10, 32); err != nil {
			if _, ferr := v.Float64(); ferr == nil {
				return badInput("variable $%s: %s is not a GraphQL Int (a signed 32-bit integer, at most %d)", name, v, math.MaxInt32)
			}
		}
	case float64:
		if v > math.MaxInt32 || v < math.MinInt32 {
			return badInput("variable $%s: %g is not a GraphQL Int (a signed 32-bit integer, at most %d)", name, v, math.MaxInt32)
		}
	case []any:
		for _, e := range v {
			if err := checkIntJSON(name, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// accepted is what the limits extension keeps of a document that passed the limits: per
// operation, its name and its Int variables (lists of Int included).
type accepted map[string]acceptedOperation

type acceptedOperation struct {
	name    string
	intVars []string
}

func summarize(doc *ast.QueryDocument) accepted {
	a := accepted{}
	for _, op := range doc.Operations {
		o := acceptedOperation{name: op.Name}
		for _, def := range op.VariableDefinitions {
			t := def.Type
			for t != nil && t.Elem != nil {
				t = t.Elem
			}
			if t != nil && t.NamedType == "Int" {
				o.intVars = append(o.intVars, def.Variable)
			}
		}
		a[op.Name] = o
	}
	return a
}

// operation returns the operation a request runs: the one it names, or the only one.
func (a accepted) operation(name string) (acceptedOperation, bool) {
	if name == "" && len(a) == 1 {
		for _, o := range a {
			return o, true
		}
	}
	o, ok := a[name]
	return o, ok
}

// limitsExtension checks Limits before the executor parses and validates a document, and names
// the operation in the request's logging attributes. Documents that passed are remembered, so
// that a document sent again is not parsed twice.
type limitsExtension struct {
	limits Limits
	passed graphql.Cache[accepted]
}

var _ interface {
	graphql.OperationParameterMutator
	graphql.HandlerExtension
} = limitsExtension{}

func (limitsExtension) ExtensionName() string                   { return "Limits" }
func (limitsExtension) Validate(graphql.ExecutableSchema) error { return nil }
func (e limitsExtension) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	a, ok := e.passed.Get(ctx, p.Query)
	if !ok {
		doc, err := e.limits.check(p.Query)
		if err != nil {
			return err
		}
		if doc == nil {
			return nil // the executor reports why it does not parse
		}
		a = summarize(doc)
		e.passed.Add(ctx, p.Query, a)
	}
	op, ok := a.operation(p.OperationName)
	if !ok {
		return nil // the executor reports the unknown operation
	}
	if op.name != "" {
		reqlog.Set(ctx, slog.String(reqlog.KeyOperation, op.name))
	}
	return checkIntVariables(op.intVars, p.Variables)
}
