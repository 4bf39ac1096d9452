package graph

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	gqlcomplexity "github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// complexity makes every list field cost its size times the cost of its children, so that a deep
// query over large pages is refused before it runs: a connection field (one whose last two
// arguments are first and after) costs its page size (first, or its default: TypedPageSize for a
// typed connection), neighborhood its node limit and nodes the
// number of its ids; a filter (where) adds what it costs (whereCost); paths, connections, path, neighborhood, search and facts with narrower
// classes add the work they may do (workPerCost). The generated ComplexityRoot has one func per field; connection fields are
// set by reflection so that a new one in the schema is covered without code. Sizes are clamped
// to what the API serves, and sums saturate, so no argument can overflow the cost.
func complexity() ComplexityRoot {
	var root ComplexityRoot
	types := reflect.ValueOf(&root).Elem()
	intPtr := reflect.TypeFor[*int]()
	strPtr := reflect.TypeFor[*string]()
	for i := range types.NumField() {
		fields := types.Field(i)
		object := types.Type().Field(i).Name
		for j := range fields.NumField() {
			f := fields.Field(j)
			ft := f.Type()
			name := fields.Type().Field(j).Name
			_, typed := relations[object][strings.ToLower(name[:1])+name[1:]]
			defaultSize := kg.DefaultPageSize
			if typed {
				defaultSize = TypedPageSize
			}
			if types.Type().Field(i).Type.Field(j).Name == "Evidence" && ft == reflect.TypeFor[func(int) int]() {
				f.Set(reflect.ValueOf(func(child int) int { return listCost(evidencePerList, evidencePerList, child) }))
				continue
			}
			n := ft.NumIn()
			if n < 3 || ft.In(n-2) != intPtr || ft.In(n-1) != strPtr {
				continue
			}
			f.Set(reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
				size := defaultSize
				if first := args[len(args)-2]; !first.IsNil() {
					size = int(first.Elem().Int())
				}
				n := listCost(size, kg.MaxPageSize, int(args[0].Int()))
				for _, a := range args {
					if w, ok := a.Interface().(*model.EntityWhere); ok {
						n = min(satAdd(n, whereCost(w, 1)), math.MaxInt32)
					}
				}
				return []reflect.Value{reflect.ValueOf(n)}
			}))
		}
	}
	root.Subgraph.Relationships = func(child int) int {
		return listCost(relationshipsPerNode, relationshipsPerNode, child)
	}
	root.Query.Neighborhood = func(child int, _ string, _ int, _ []string, limit int) int {
		return listCost(limit, kg.MaxNeighborhoodLimit, child) + kg.NeighborhoodWork/workPerCost
	}
	root.Query.Paths = func(child int, _, _ string, _, first int, _, _ []string, _ bool) int {
		return listCost(first, kg.MaxPaths, child) + kg.PathWork/workPerCost
	}
	root.Query.Connections = func(child int, _ []string, _ int, _, _ []string, _ bool) int {
		return child + kg.ConnectionWork/workPerCost
	}
	root.Query.Path = func(child int, _, _ string, _ int, _ []string) int {
		return child + kg.ShortestPathWork/workPerCost
	}
	search := root.Query.Search
	root.Query.Search = func(child int, text string, types, exclude []model.EntityType, first *int, after *string) int {
		return search(child, text, types, exclude, first, after) + searchCost + searchWordCost*len(strings.Fields(text))
	}
	facts := root.Query.Facts
	root.Query.Facts = func(child int, about []string, narrower *bool, units []string, kinds []model.FactKind, sessions []string, period *string,
		qualifiers []model.ValueQualifier, measures []string, where *model.EntityWhere, order *model.EntityOrder, first *int, after *string) int {
		n := facts(child, about, narrower, units, kinds, sessions, period, qualifiers, measures, where, order, first, after)
		if narrower != nil && *narrower {
			n += kg.NarrowerWork / workPerCost
		}
		return n
	}
	root.Query.Nodes = func(child int, ids []string) int {
		return listCost(len(ids), math.MaxInt32, child)
	}
	return root
}

// Fields whose work can outgrow their answer cost, beside the fields they return, the work they may
// do before they run: their budget of work (package kg) at workPerCost units of work per unit of
// cost, since a unit of work (a partial path kept, a relationship read) costs about a tenth of
// what a field resolved costs. A search, whose work is bounded by its words rather than a budget,
// costs searchCost and searchWordCost per word. Charged before the operation runs, these bound a request's work by its cost
// limit: 100,000 lets ten path searches through, not thirty.
const (
	workPerCost    = 10
	searchCost     = 200
	searchWordCost = 100
)

// The cost of the introspection fields, which gqlgen's complexity counts as plain fields: the
// whole schema is a few hundred objects and a megabyte of answer at most, a type a few dozen.
const (
	schemaCost = 5000
	typeCost   = 200
)

// introspectionCost is the cost of the __schema and __type fields of a root selection set,
// through its fragments (depth counts the fragments followed, so that a cycle, which validation
// refuses, ends).
func introspectionCost(set ast.SelectionSet, fragments ast.FragmentDefinitionList, depth int) int {
	n := 0
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			switch sel.Name {
			case "__schema":
				n += schemaCost
			case "__type":
				n += typeCost
			}
		case *ast.InlineFragment:
			n += introspectionCost(sel.SelectionSet, fragments, depth)
		case *ast.FragmentSpread:
			if f := fragments.ForName(sel.Name); f != nil && depth < 10 {
				n += introspectionCost(f.SelectionSet, fragments, depth+1)
			}
		}
	}
	return n
}

// Lists whose length the request does not set cost as many times their children as they hold at
// most in the common case: an entity or a relationship has 1.4 pieces of evidence on average
// (evidencePerList), and the relationships among the entities of a neighbourhood are about twice
// as many as the entities (relationshipsPerNode, counted per node of its limit).
const (
	evidencePerList      = 3
	relationshipsPerNode = 3
)

// listCost is the cost of a list of size items (clamped to 1..most) whose items cost child each,
// at most math.MaxInt32 so that the executor's sums of costs cannot overflow.
func listCost(size, most, child int) int {
	size = min(max(size, 1), most)
	if child > 0 && size > (math.MaxInt32-1)/child {
		return math.MaxInt32
	}
	return 1 + size*child
}

// complexityLimit computes the cost of each operation, records it in the operation's stats for
// admission (costOf, package admission), and refuses operations whose cost exceeds limit (none when zero), like
// gqlgen's extension.FixedComplexityLimit. A cost depends only on the document, the operation and
// the variables, so it is remembered under their hash in a bounded cache.
type complexityLimit struct {
	limit  int
	schema graphql.ExecutableSchema
	cache  *lru.LRU[int]
}

var (
	_ graphql.HandlerExtension        = (*complexityLimit)(nil)
	_ graphql.OperationContextMutator = (*complexityLimit)(nil)
)

// costCacheSize is how many costs the cache keeps: each is a hash and an int.
const costCacheSize = 4096

// newComplexityLimit returns the extension.
func newComplexityLimit(limit int) *complexityLimit {
	return &complexityLimit{limit: limit, cache: lru.New[int](costCacheSize)}
}

// ExtensionName implements graphql.HandlerExtension.
func (c *complexityLimit) ExtensionName() string { return "ComplexityLimit" }

// Validate implements graphql.HandlerExtension.
func (c *complexityLimit) Validate(schema graphql.ExecutableSchema) error {
	c.schema = schema
	return nil
}

// statsCost is the name under which an operation's cost is kept in its stats.
const statsCost = "cost"

// MutateOperationContext implements graphql.OperationContextMutator.
func (c *complexityLimit) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	key, err := complexityKey(rc)
	n, ok := c.cache.Get(ctx, key)
	if !ok || err != nil {
		op := rc.Doc.Operations.ForName(rc.OperationName)
		n = gqlcomplexity.Calculate(ctx, c.schema, op, rc.Variables) + introspectionCost(op.SelectionSet, rc.Doc.Fragments, 0)
		if err == nil {
			c.cache.Add(ctx, key, n)
		}
	}
	rc.Stats.SetExtension(statsCost, n)
	if c.limit > 0 && n > c.limit {
		gqlErr := gqlerror.Errorf("operation has complexity %d, which exceeds the limit of %d", n, c.limit)
		errcode.Set(gqlErr, "COMPLEXITY_LIMIT_EXCEEDED")
		return gqlErr
	}
	return nil
}

// costOf returns the cost of the operation of ctx, 0 if it has none.
func costOf(ctx context.Context) int {
	if !graphql.HasOperationContext(ctx) {
		return 0
	}
	n, _ := graphql.GetOperationContext(ctx).Stats.GetExtension(statsCost).(int)
	return n
}

// complexityKey identifies what a complexity depends on: the document, the operation and the
// variables, by the SHA-256 of them all, so that the cache holds 32 bytes per key whatever the
// size of the document. Equal variables give equal keys: appendValue writes map keys in order.
func complexityKey(rc *graphql.OperationContext) (string, error) {
	// One buffer hashed at once: for the usual document it stays on the stack, where a hash.Hash
	// fed string by string would copy each string to the heap.
	var small [1024]byte
	b := append(small[:0], rc.RawQuery...)
	b = append(b, 0)
	b = append(b, rc.OperationName...)
	if len(rc.Variables) > 0 {
		b = append(b, 0)
		var ok bool
		if b, ok = appendValue(b, rc.Variables); !ok {
			// A type that JSON does not decode to: encoding/json writes it, map keys in order.
			vars, err := json.Marshal(rc.Variables)
			if err != nil {
				return "", fmt.Errorf("complexity key: %w", err)
			}
			b = append(append(b, 'j'), vars...)
		}
	}
	sum := sha256.Sum256(b)
	return string(sum[:]), nil
}

// appendValue appends to b an encoding of v, a value of decoded JSON variables, that no other value
// shares: a tag, then strings with their length, lists and maps with their size, map entries in
// the order of their keys. It reports false, and b is to be dropped, for a type JSON does not
// decode to. It is the key's part of the variables, written without reflection: encoding/json took
// 2.4% of the server's CPU under a load of one document with varied variables.
func appendValue(b []byte, v any) ([]byte, bool) {
	switch v := v.(type) {
	case nil:
		return append(b, 'n'), true
	case bool:
		if v {
			return append(b, 't'), true
		}
		return append(b, 'f'), true
	case string:
		return appendString(append(b, 's'), v), true
	case json.Number:
		return appendString(append(b, 'N'), string(v)), true
	case float64:
		return append(strconv.AppendFloat(append(b, 'F'), v, 'g', -1, 64), ';'), true
	case int64:
		return append(strconv.AppendInt(append(b, 'I'), v, 10), ';'), true
	case int:
		return append(strconv.AppendInt(append(b, 'I'), int64(v), 10), ';'), true
	case []any:
		b = append(strconv.AppendInt(append(b, 'l'), int64(len(v)), 10), ';')
		for _, e := range v {
			var ok bool
			if b, ok = appendValue(b, e); !ok {
				return b, false
			}
		}
		return b, true
	case map[string]any:
		b = append(strconv.AppendInt(append(b, 'm'), int64(len(v)), 10), ';')
		var small [8]string
		keys := small[:0]
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			var ok bool
			if b, ok = appendValue(appendString(b, k), v[k]); !ok {
				return b, false
			}
		}
		return b, true
	}
	return b, false
}

// appendString appends s to b after its length.
func appendString(b []byte, s string) []byte {
	return append(append(strconv.AppendInt(b, int64(len(s)), 10), ':'), s...)
}
