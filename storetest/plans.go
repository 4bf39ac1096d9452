package storetest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
)

// PlanQueries are requests whose answers must not depend on the planner: the shapes it plans,
// with every argument, fragment and field around them that it must plan exactly or leave to the
// resolvers. Each is a JSON body of a POST.
var PlanQueries = []string{
	// Typed connections with the relationship, its ends and every part of evidence, paged.
	`{"query": "query($id: ID!) { entity(id: $id) { id name ... on Organization { category runs(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id type name(lang: FR) aliases } relationship { type from { id name } to { id description(lang: FR) } evidence { document section paragraph quote(lang: EN) translation { text official } } } evidence { quote } } } partners(first: 3, after: \"MA==\") { edges { node { id } } } } } }", "variables": {"id": "royal-canadian-mounted-police"}}`,
	// The relationships field with its arguments, ends and a typed connection below.
	`{"query": "{ entity(id: \"winnipeg-police-service\") { __typename id relationships(types: [\"RUNS\", \"PARTICIPATES_IN\"], direction: OUTGOING, first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor direction other { id name description ... on Initiative { startDate runBy { totalCount edges { node { id } } } } } node { type evidence { section } } } } } }"}`,
	// The same field twice under two names, fragments, @include and @skip.
	`{"query": "query($yes: Boolean!) { entity(id: \"royal-canadian-mounted-police\") { ...Names a: relationships(first: 2) { edges { other { id } } } b: relationships(first: 4, direction: INCOMING) { edges { node { from { id name } to { id } } } } ... on Organization { units @include(if: $yes) { totalCount } people @skip(if: $yes) { totalCount } } } } fragment Names on Entity { name aliases }", "variables": {"yes": true}}`,
	// Fields the planner does not list read every property.
	`{"query": "{ entity(id: \"fentanyl\") { id degree relationshipCounts { type direction count } ... on Substance { broader { edges { node { id name } } } facts(first: 5) { edges { node { id ... on Fact { value unit kind qualifier statement period } } } } } evidence { citation } } }"}`,
	// A page of entities in an order, with its total and typed connections.
	`{"query": "{ entities(types: [INITIATIVE, SUBSTANCE], orderBy: {field: NAME, lang: FR, descending: true}, first: 7, after: \"Mg==\") { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name ... on Initiative { targets { edges { node { id } } } } ... on Substance { traffickers { totalCount } } } } } }"}`,
	// Ordered by degree, with categories.
	`{"query": "{ entities(categories: [\"municipal-police\"], orderBy: {field: DEGREE, descending: true}, first: 5) { totalCount edges { node { id category ... on Organization { places { edges { node { name } } } } } } } }"}`,
	// More connections than Neo4j compiles into one statement.
	`{"query": "{ entity(id: \"royal-canadian-mounted-police\") { id ... on Organization { parents { totalCount } units { edges { node { id name } } } people { totalCount } presentations { edges { node { id } } } runs(first: 3) { pageInfo { hasNextPage } edges { node { id ... on Initiative { targets { edges { node { name } } } participants { totalCount } } } } } participatesIn { totalCount } partners { edges { node { id } } } targets { totalCount } seized { totalCount } places { edges { node { name(lang: FR) } } } } } }"}`,
	// Relay's node and nodes, with a missing id among them.
	`{"query": "{ node(id: \"j-code\") { id ... on Initiative { name runBy { edges { node { id name } } } } } nodes(ids: [\"fentanyl\", \"no-such-entity\", \"canada\"]) { id ... on Entity { name relationships(first: 2) { edges { other { id } } } } } }"}`,
	// A missing entity, and a page too large: the same null and the same error.
	`{"query": "{ entity(id: \"no-such-entity\") { id name } }"}`,
	`{"query": "{ entity(id: \"fentanyl\") { id relationships(first: 500) { totalCount } } }"}`,
	`{"query": "{ entity(id: \"fentanyl\") { id relationships(types: [\"NO_SUCH_TYPE\"]) { totalCount } } }"}`,
}

// testPlans checks that every request of the load mix, and every request of PlanQueries, has
// the same answer, byte for byte, with the planner on and off.
func testPlans(t *testing.T, s kg.Store, x *expect) {
	if _, ok := s.(kg.PlanReader); !ok {
		t.Skip("the store reads no plans")
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	planned := httptest.NewServer(graph.NewHandler(s, logger, graph.WithPlans(true)))
	defer planned.Close()
	unplanned := httptest.NewServer(graph.NewHandler(s, logger, graph.WithPlans(false)))
	defer unplanned.Close()
	mix, err := bench.NewMix(x.ds.Entities)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, name := range []string{"EntityPage", "Deep"} {
		for _, r := range mix[name] {
			bodies = append(bodies, string(r.Body))
		}
	}
	bodies = append(bodies, PlanQueries...)
	for _, body := range bodies {
		_, want := post(t, unplanned.URL, []byte(body))
		_, got := post(t, planned.URL, []byte(body))
		if !bytes.Equal(got, want) {
			t.Errorf("%s\nplanned:   %s\nunplanned: %s", body, got, want)
		}
		var resp struct{ Data map[string]any }
		if err := json.Unmarshal(got, &resp); err != nil {
			t.Errorf("%s: %v: %s", body, err, got)
		}
	}
}

// post posts a JSON body to the GraphQL endpoint at base and returns the answer's status and body.
func post(t *testing.T, base string, body []byte) (int, []byte) {
	t.Helper()
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, raw
}
