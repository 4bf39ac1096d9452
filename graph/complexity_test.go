package graph_test

import (
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
)

// The complexity of a document is remembered per document, operation and variables: the same
// document is refused or served according to its variables, as often as it is sent.
func TestComplexityLimitPerVariables(t *testing.T) {
	srv := newServer(t, mustStore(t))
	const query = `query Wide($n: Int) { entities(first: $n) { edges { node {
	  relationships(first: $n) { edges { other { relationships(first: $n) { totalCount } } } } } } } }`
	for _, tc := range []struct {
		n    int
		want string
	}{{2, ""}, {100, graph.CodeQueryTooComplex}, {2, ""}, {100, graph.CodeQueryTooComplex}} {
		r := post(t, srv, query, map[string]any{"n": tc.n})
		if got := r.code(); got != tc.want {
			t.Errorf("first: %d: code %q (%+v), want %q", tc.n, got, r.Errors, tc.want)
		}
	}
}
