package graph_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/graph"
)

// depthQuery returns a valid query whose deepest field is at level depth (at least 3).
func depthQuery(depth int) string {
	// entity, then k hops of relationships { edges { other } }, then an ending of e levels.
	k := (depth - 2) / 3
	e := depth - 1 - 3*k
	if e == 0 {
		k, e = k-1, 3
	}
	ending := []string{"", "id", "relationships(first: 1) { totalCount }", "relationships(first: 1) { pageInfo { hasNextPage } }"}[e]
	return `{ entity(id: "winnipeg") { ` + strings.Repeat("relationships(first: 1) { edges { other { ", k) + ending +
		strings.Repeat(" } } }", k) + " } }"
}

func repeat(format string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// TestEachLimit checks each default limit: a query at the limit runs without error, one just
// over it is refused with QUERY_TOO_COMPLEX and a message that names the limit.
func TestEachLimit(t *testing.T) {
	srv := newServer(t, mustStore(t))
	l := graph.DefaultLimits
	cases := map[string]struct {
		at, over string
		says     string
	}{
		"Depth": {depthQuery(l.Depth), depthQuery(l.Depth + 1), "levels"},
		"Aliases": {`{ entity(id: "winnipeg") { ` + repeat("a%d: id ", l.Aliases) + "} }",
			`{ entity(id: "winnipeg") { ` + repeat("a%d: id ", l.Aliases+1) + "} }", "aliased"},
		"RootFields": {"{ " + strings.Repeat("dataVersion ", l.RootFields) + "}",
			"{ " + strings.Repeat("dataVersion ", l.RootFields+1) + "}", "root fields"},
		// { entities ( categories : [ ... ] ) { totalCount } } is 12 tokens and the categories.
		"Tokens": {`{ entities(categories: [` + strings.Repeat(`"x" `, l.Tokens-12) + `]) { totalCount } }`,
			`{ entities(categories: [` + strings.Repeat(`"x" `, l.Tokens-11) + `]) { totalCount } }`, "tokens"},
		"Fields": {`{ entity(id: "winnipeg") { ` + strings.Repeat("id ", l.Fields-1) + "} }",
			`{ entity(id: "winnipeg") { ` + strings.Repeat("id ", l.Fields) + "} }", "fields"},
		"FieldsThroughFragments": {"fragment F on Entity { " + strings.Repeat("id ", l.Fields/10-1) + "} { entity(id: \"winnipeg\") { " + strings.Repeat("...F ", 10) + "} }",
			"fragment F on Entity { " + strings.Repeat("id ", l.Fields/10) + "} { entity(id: \"winnipeg\") { " + strings.Repeat("...F ", 10) + "} }", "fragments are expanded"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if r := post(t, srv, tc.at, nil); len(r.Errors) > 0 {
				t.Errorf("at the limit: errors %+v", r.Errors)
			}
			r := post(t, srv, tc.over, nil)
			if r.code() != graph.CodeQueryTooComplex || !strings.Contains(r.Errors[0].Message, tc.says) {
				t.Errorf("over the limit: errors %+v, want %s saying %q", r.Errors, graph.CodeQueryTooComplex, tc.says)
			}
			if len(r.Data) != 0 {
				t.Errorf("over the limit: data %s, want no data entry", r.Data)
			}
		})
	}
}

// TestCostLimit sets the cost limit to the exact cost of a query: entities(first: a) costs
// 1 + a × (edges 1 + node 1 + relationships (1 + b × totalCount 1)).
func TestCostLimit(t *testing.T) {
	const query = `query($a: Int, $b: Int) { entities(first: $a) { edges { node { relationships(first: $b) { totalCount } } } } }`
	a, b := 30, 40
	cost := 1 + a*(3+b)
	for limit, want := range map[int]string{cost: "", cost - 1: graph.CodeQueryTooComplex} {
		l := graph.DefaultLimits
		l.Cost = limit
		srv := newServerWith(t, mustStore(t), graph.WithLimits(l))
		r := post(t, srv, query, map[string]any{"a": a, "b": b})
		if r.code() != want {
			t.Errorf("cost %d, limit %d: errors %+v, want code %q", cost, limit, r.Errors, want)
		}
	}
}

// The memory an exchange of TestHostileDocumentsAreRefusedFast may allocate: the client encodes
// the document, the server reads, decodes and lexes it, and none of it may grow faster than the
// document. Measured: 8 to 17 bytes a byte for the documents of hundreds of kilobytes (14 to 21
// under the race detector), about 100 KB for the small ones. A document whose refusal came after
// work per field, per alias or per fragment spread would go past it.
const (
	hostileAllocPerByte = 32
	hostileAllocFixed   = 1 << 20
)

// TestHostileDocumentsAreRefusedFast sends documents of up to 1 MiB built to make a server work:
// each is refused with QUERY_TOO_COMPLEX. What is checked is the memory the exchange allocates,
// client and server together, which a busy machine does not change: at most a fixed multiple of
// the document's size (hostileAllocPerByte) and a constant. The time it takes is only logged; a
// timing bound would fail on a loaded machine.
func TestHostileDocumentsAreRefusedFast(t *testing.T) {
	srv := newServer(t, mustStore(t))
	fragments := "fragment F0 on Query { dataVersion }\n"
	for i := 1; i < 60; i++ {
		fragments += fmt.Sprintf("fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	docs := map[string]string{
		"45000Aliases":    "{ " + repeat("a%d: dataVersion ", 45000) + "}",
		"2000RootAliases": "{ " + repeat("a%d: dataVersion ", 2000) + "}",
		"Deep":            strings.Repeat("{ entity(id: \"x\") ", 40000) + strings.Repeat("}", 40000),
		"DeepWithinTokens": `{ entity(id: "winnipeg") { ` + strings.Repeat("relationships(first: 1) { edges { other { ", 25) +
			"id" + strings.Repeat(" } } }", 25) + " } }",
		"ManyFields":       "{ " + strings.Repeat("dataVersion ", 80000) + "}",
		"FragmentBomb":     fragments + "{ ...F59 }",
		"FragmentBombDeep": fragments + `{ entity(id: "winnipeg") { ... on Entity { id } } ...F59 }`,
		"ManyDirectives":   "{ dataVersion " + strings.Repeat("@include(if: true) ", 30000) + "}",
	}
	for name, doc := range docs {
		if len(doc) > graph.MaxBodyBytes {
			t.Fatalf("%s: %d bytes, more than the body limit", name, len(doc))
		}
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			r := post(t, srv, doc, nil)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes refused in %s, %d bytes allocated (%.1f a byte): %s",
				len(doc), took, allocated, float64(allocated)/float64(len(doc)), r.Errors[0].Message)
			if r.code() != graph.CodeQueryTooComplex {
				t.Errorf("errors %+v, want %s", r.Errors, graph.CodeQueryTooComplex)
			}
			if budget := hostileAllocPerByte*uint64(len(doc)) + hostileAllocFixed; allocated > budget {
				t.Errorf("the exchange allocated %d bytes, want at most %d", allocated, budget)
			}
		})
	}
}

// TestIntrospectionQueryPasses runs the introspection query of graphql-js (15 levels deep, 230
// fields), as IDEs and code generators send it.
func TestIntrospectionQueryPasses(t *testing.T) {
	srv := newServer(t, mustStore(t))
	b, err := os.ReadFile(filepath.Join("testdata", "introspection.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	r := post(t, srv, string(b), nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"queryType"`) {
		t.Errorf("errors %+v", r.Errors)
	}
}

// TestPageSizesAndCursors checks the bounds of first and after: 32-bit Int, first: 0, and
// cursors beyond any list.
func TestPageSizesAndCursors(t *testing.T) {
	srv := newServer(t, mustStore(t))
	for name, tc := range map[string]struct {
		query string
		vars  map[string]any
		code  string
	}{
		"FirstBeyondInt32":        {`{ entities(first: 3000000000) { totalCount } }`, nil, graph.CodeBadUserInput},
		"FirstBeyondInt32Var":     {`query($n: Int) { entities(first: $n) { totalCount } }`, map[string]any{"n": 3000000000}, graph.CodeBadUserInput},
		"NegativeBeyondInt32":     {`{ entities(first: -3000000000) { totalCount } }`, nil, graph.CodeBadUserInput},
		"CursorBeyondAnyList":     {`{ entities(after: "b2Zmc2V0OjkyMjMzNzIwMzY4NTQ3NzU4MDc") { totalCount } }`, nil, graph.CodeBadUserInput},
		"CursorAtMaxIntMinusOne":  {`{ entities(after: "b2Zmc2V0OjIxNDc0ODM2NDY") { totalCount } }`, nil, graph.CodeBadUserInput},
		"NeighborhoodLimitBeyond": {`{ neighborhood(id: "winnipeg", limit: 99999999999) { truncated } }`, nil, graph.CodeBadUserInput},
	} {
		t.Run(name, func(t *testing.T) {
			if r := post(t, srv, tc.query, tc.vars); r.code() != tc.code {
				t.Errorf("errors %+v, want %s", r.Errors, tc.code)
			}
		})
	}
	var data struct {
		Entities struct {
			Edges    []any
			PageInfo struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
	}
	mustData(t, post(t, srv, `{ entities(first: 0) { edges { cursor } pageInfo { hasNextPage endCursor } } }`, nil), &data)
	if len(data.Entities.Edges) != 0 || data.Entities.PageInfo.HasNextPage || data.Entities.PageInfo.EndCursor != nil {
		t.Errorf("first: 0 = %+v, want no edges, no next page and no end cursor", data.Entities)
	}
}
