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
	// Filters on a page of entities and on typed connections below it, with quantifiers and counts.
	`{"query": "{ entities(where: {type: {in: [ORGANIZATION, INITIATIVE]}, OR: [{country: {eq: \"united-states\"}}, {relationshipCount: [{types: [\"RUNS\"], direction: OUTGOING, gte: 2}]}]}, orderBy: {field: NAME}, first: 10) { totalCount edges { node { id name ... on Organization { runs(where: {relationships: [{types: [\"TARGETS\"], direction: OUTGOING, some: {type: {eq: SUBSTANCE}}}]}) { totalCount edges { node { id ... on Initiative { targets(where: {NOT: {name: {startsWith: \"m\"}}}, first: 3) { totalCount edges { node { id name } } } } } } } } ... on Initiative { runBy(where: {country: {in: [\"canada\"]}}) { edges { node { id } } } } } } } }"}`,
	`{"query": "{ entity(id: \"canada\") { id ... on Place { contains(where: {category: {eq: \"province\"}, relationships: [{types: [\"LOCATED_IN\"], direction: INCOMING, evidence: QUOTE, some: {}}]}) { totalCount edges { node { id } } } facts(where: {value: {gte: 100}, qualifier: {in: [MORE_THAN, APPROXIMATELY]}}) { totalCount edges { node { id } } } } } }"}`,
	// Figures by value within one unit, and figures of several units refused.
	`{"query": "{ entities(types: [FACT], where: {unit: {eq: \"percent\"}, value: {lt: 90}}, orderBy: {field: VALUE, descending: true}, first: 4) { totalCount edges { node { id ... on Fact { value about { edges { node { id } } } } } } } }"}`,
	`{"query": "{ entities(orderBy: {field: VALUE}, first: 4) { edges { node { id } } } }"}`,
	// A filter past its bounds: the same error.
	`{"query": "{ entities(where: {relationships: [{some: {relationships: [{some: {relationships: [{some: {relationships: [{some: {}}]}}]}}]}}]}) { totalCount } }"}`,
	// Neighbourhoods: what a planned walk reads of its nodes and relationships, ids, types and
	// names alone, or whole when the request reads more of them.
	`{"query": "{ neighborhood(id: \"j-code\", depth: 2, limit: 40) { truncated nodes { __typename id type name(lang: FR) } relationships { __typename type from { id name } to { id } } } }"}`,
	`{"query": "{ neighborhood(id: \"canada-border-services-agency\", depth: 1, limit: 30) { nodes { id name description ... on Organization { category runs { totalCount } } } relationships { type rank evidence { quote kind note } from { id } to { id aliases } } } }"}`,
	`{"query": "{ neighborhood(id: \"fentanyl\", depth: 1, limit: 10) { nodes { id } relationships { type evidence { section } } } }"}`,
	// Shortest paths: what a planned path reads of its nodes and relationships, ids, types and
	// names of the nodes with the types, ends and some evidence of the relationships, or whole
	// when the request reads more of them; with and without relationship types, and no path.
	`{"query": "{ path(from: \"hells-angels\", to: \"j-code\", maxHops: 4) { __typename length detours nodes { __typename id type name(lang: FR) } relationships { __typename type from { id name } to { id } evidence { quote(lang: FR) section } } hops { direction detour from { id } relationship { type } evidence { quote } } } }"}`,
	`{"query": "{ path(from: \"hells-angels\", to: \"j-code\", maxHops: 3, relationshipTypes: [\"TRAFFICS\", \"TARGETS\"]) { length nodes { id } relationships { type from { id } to { id } } } }"}`,
	`{"query": "{ path(from: \"methamphetamine\", to: \"winnipeg-police-service\", maxHops: 4) { nodes { id aliases } relationships { type evidence { document section paragraph quote translation { text official } kind note footnote } } } }"}`,
	`{"query": "{ path(from: \"canada-border-services-agency\", to: \"cannabis\", maxHops: 4) { length nodes { id name description ... on Organization { category runs { totalCount } } } relationships { type rank evidence { quote kind note } from { id } to { id aliases } } } }"}`,
	`{"query": "{ a: path(from: \"fentanyl\", to: \"winnipeg\", maxHops: 1) { length nodes { id } } b: path(from: \"winnipeg\", to: \"winnipeg\") { length nodes { id name } relationships { type } } c: path(from: \"winnipeg\", to: \"no-such-entity\") { length } }"}`,
	// A missing entity, and a page too large: the same null and the same error.
	`{"query": "{ entity(id: \"no-such-entity\") { id name } }"}`,
	`{"query": "{ entity(id: \"fentanyl\") { id relationships(first: 500) { totalCount } } }"}`,
	`{"query": "{ entity(id: \"fentanyl\") { id relationships(types: [\"NO_SUCH_TYPE\"]) { totalCount } } }"}`,
}

// testPlans checks that every entity page, deep query, neighbourhood and path of the load mix, and
// every request of PlanQueries, has the same answer, byte for byte, with the planner on and off.
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
	for _, name := range []string{"EntityPage", "Deep", "Neighborhood", "Path"} {
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
