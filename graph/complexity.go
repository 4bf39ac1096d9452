package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"

	gqlcomplexity "github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/drugwatch/roundtable-kg/kg"
)

// complexity makes every list field cost its size times the cost of its children, so that a deep
// query over large pages is refused before it runs: a connection field (one whose last two
// arguments are first and after) costs its page size, neighborhood its node limit and nodes the
// number of its ids. The generated ComplexityRoot has one func per field; connection fields are
// set by reflection so that a new one in the schema is covered without code. Sizes are clamped
// to what the API serves, and sums saturate, so no argument can overflow the cost.
func complexity() ComplexityRoot {
	var root ComplexityRoot
	types := reflect.ValueOf(&root).Elem()
	intPtr := reflect.TypeFor[*int]()
	strPtr := reflect.TypeFor[*string]()
	for i := range types.NumField() {
		fields := types.Field(i)
		for j := range fields.NumField() {
			f := fields.Field(j)
			ft := f.Type()
			n := ft.NumIn()
			if n < 3 || ft.In(n-2) != intPtr || ft.In(n-1) != strPtr {
				continue
			}
			f.Set(reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
				size := kg.DefaultPageSize
				if first := args[len(args)-2]; !first.IsNil() {
					size = int(first.Elem().Int())
				}
				return []reflect.Value{reflect.ValueOf(listCost(size, kg.MaxPageSize, int(args[0].Int())))}
			}))
		}
	}
	root.Query.Neighborhood = func(child int, _ string, _ int, _ []string, limit int) int {
		return listCost(limit, kg.MaxNeighborhoodLimit, child)
	}
	root.Query.Nodes = func(child int, ids []string) int {
		return listCost(len(ids), math.MaxInt32, child)
	}
	return root
}

// listCost is the cost of a list of size items (clamped to 1..most) whose items cost child each,
// at most math.MaxInt32 so that the executor's sums of costs cannot overflow.
func listCost(size, most, child int) int {
	size = min(max(size, 1), most)
	if child > 0 && size > (math.MaxInt32-1)/child {
		return math.MaxInt32
	}
	return 1 + size*child
}

// complexityLimit refuses operations whose complexity exceeds limit, like gqlgen's
// extension.FixedComplexityLimit, but computes the complexity of a document once: it depends
// only on the document, the operation and the variables, which key a bounded cache.
type complexityLimit struct {
	limit  int
	schema graphql.ExecutableSchema
	cache  *lru.LRU[int]
}

var (
	_ graphql.HandlerExtension        = (*complexityLimit)(nil)
	_ graphql.OperationContextMutator = (*complexityLimit)(nil)
)

// newComplexityLimit returns the extension; it remembers the complexity of up to size requests.
func newComplexityLimit(limit, size int) *complexityLimit {
	return &complexityLimit{limit: limit, cache: lru.New[int](size)}
}

// ExtensionName implements graphql.HandlerExtension.
func (c *complexityLimit) ExtensionName() string { return "ComplexityLimit" }

// Validate implements graphql.HandlerExtension.
func (c *complexityLimit) Validate(schema graphql.ExecutableSchema) error {
	c.schema = schema
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (c *complexityLimit) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	key, err := complexityKey(rc)
	n, ok := c.cache.Get(ctx, key)
	if !ok || err != nil {
		n = gqlcomplexity.Calculate(ctx, c.schema, rc.Doc.Operations.ForName(rc.OperationName), rc.Variables)
		if err == nil {
			c.cache.Add(ctx, key, n)
		}
	}
	if n > c.limit {
		gqlErr := gqlerror.Errorf("operation has complexity %d, which exceeds the limit of %d", n, c.limit)
		errcode.Set(gqlErr, "COMPLEXITY_LIMIT_EXCEEDED")
		return gqlErr
	}
	return nil
}

// complexityKey identifies what a complexity depends on: the document, the operation and the
// variables (encoding/json writes map keys in order, so equal variables give equal keys).
func complexityKey(rc *graphql.OperationContext) (string, error) {
	var b strings.Builder
	b.WriteString(rc.RawQuery)
	b.WriteByte(0)
	b.WriteString(rc.OperationName)
	if len(rc.Variables) > 0 {
		vars, err := json.Marshal(rc.Variables)
		if err != nil {
			return "", fmt.Errorf("complexity key: %w", err)
		}
		b.WriteByte(0)
		b.Write(vars)
	}
	return b.String(), nil
}
