package graph

import (
	"reflect"

	"github.com/drugwatch/roundtable-kg/kg"
)

// complexity makes every connection field (a field whose last two arguments are first and after)
// cost its page size times the cost of its children, so a deep query over large pages is refused
// before it runs. The generated ComplexityRoot has one func per field; they are set by reflection
// so that a new connection field in the schema is covered without code.
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
				child := int(args[0].Int())
				size := kg.DefaultPageSize
				if first := args[len(args)-2]; !first.IsNil() {
					size = max(int(first.Elem().Int()), 1)
				}
				return []reflect.Value{reflect.ValueOf(1 + size*child)}
			}))
		}
	}
	return root
}
