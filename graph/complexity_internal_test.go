package graph

import (
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// TestComplexityKeyOfVariables checks the part of the variables in the key of a cached cost: equal
// variables give one key, however their maps were built, and variables that differ in a value, a
// type, a nesting or a boundary between strings give different keys, with or without the fallback
// to encoding/json.
func TestComplexityKeyOfVariables(t *testing.T) {
	key := func(vars map[string]any) string {
		t.Helper()
		k, err := complexityKey(&graphql.OperationContext{RawQuery: "query($a: ID) { entity(id: $a) { id } }", Variables: vars})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	built := map[string]any{}
	for _, k := range []string{"z", "a", "m", "b", "y", "c", "x", "d", "w", "e"} {
		built[k] = k
	}
	same := map[string]any{}
	for _, k := range []string{"a", "b", "c", "d", "e", "m", "w", "x", "y", "z"} {
		same[k] = k
	}
	if key(built) != key(same) {
		t.Error("equal variables built in another order give another key")
	}
	type other struct{ A int }
	first, second := map[string]any{"a": other{1}}, map[string]any{"a": other{1}}
	if key(first) != key(second) {
		t.Error("equal variables of a type JSON does not decode to give different keys")
	}
	distinct := []map[string]any{
		nil,
		{"a": nil},
		{"a": true},
		{"a": false},
		{"a": "1"},
		{"a": json.Number("1")},
		{"a": float64(1)},
		{"a": int64(2)},
		{"a": []any{"x", "y"}},
		{"a": []any{"x;y"}},
		{"a": []any{"x"}, "b": "y"},
		{"a": map[string]any{"b": "c"}},
		{"a": map[string]any{"b": "c", "d": nil}},
		{"ab": "c"},
		{"a": "bc"},
		{"a": other{1}},
		{"a": other{2}},
		{"a": []any{other{1}}},
	}
	seen := map[string]int{}
	for i, vars := range distinct {
		k := key(vars)
		if j, ok := seen[k]; ok {
			t.Errorf("variables %v and %v give one key", distinct[j], vars)
		}
		seen[k] = i
	}
}
