package graph

import (
	"math"
	"reflect"

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
