package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"sync"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
)

// callLog is the embedded store, logging every call the API makes to it and whether the call's
// context says that it is the request's only call (kg.OnlyCall).
type callLog struct {
	*memory.Store
	mu    sync.Mutex
	calls []string
	only  int
}

func (c *callLog) log(ctx context.Context, name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, name)
	if kg.IsOnlyCall(ctx) {
		c.only++
	}
}

func (c *callLog) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls, c.only = nil, 0
}

func (c *callLog) ReadPlan(ctx context.Context, p kg.Plan) (kg.PlanResult, error) {
	c.log(ctx, "ReadPlan")
	return c.Store.ReadPlan(ctx, p)
}

func (c *callLog) EntitiesByID(ctx context.Context, ids []string) ([]*kg.Entity, error) {
	c.log(ctx, "EntitiesByID")
	return c.Store.EntitiesByID(ctx, ids)
}

func (c *callLog) Entities(ctx context.Context, q kg.EntityQuery) (kg.EntityPage, error) {
	c.log(ctx, "Entities")
	return c.Store.Entities(ctx, q)
}

func (c *callLog) Relationships(ctx context.Context, ids []string, q kg.RelQuery) ([]kg.RelPage, error) {
	c.log(ctx, "Relationships")
	return c.Store.Relationships(ctx, ids, q)
}

func (c *callLog) Search(ctx context.Context, q kg.SearchQuery) (kg.SearchPage, error) {
	c.log(ctx, "Search")
	return c.Store.Search(ctx, q)
}

func (c *callLog) Neighborhood(ctx context.Context, id string, q kg.NeighborhoodQuery) (kg.Subgraph, error) {
	c.log(ctx, "Neighborhood")
	return c.Store.Neighborhood(ctx, id, q)
}

func (c *callLog) ShortestPath(ctx context.Context, from, to string, q kg.PathQuery) (*kg.Path, error) {
	c.log(ctx, "ShortestPath")
	return c.Store.ShortestPath(ctx, from, to, q)
}

func (c *callLog) Stats(ctx context.Context) (kg.Stats, error) {
	c.log(ctx, "Stats")
	return c.Store.Stats(ctx)
}

func (c *callLog) Facets(ctx context.Context) (kg.Facets, error) {
	c.log(ctx, "Facets")
	return c.Store.Facets(ctx)
}

func (c *callLog) Paths(ctx context.Context, from, to string, q kg.PathsQuery) ([]kg.Path, error) {
	c.log(ctx, "Paths")
	return c.Store.Paths(ctx, from, to, q)
}

func (c *callLog) Connections(ctx context.Context, ids []string, q kg.PathsQuery) (kg.Subgraph, error) {
	c.log(ctx, "Connections")
	return c.Store.Connections(ctx, ids, q)
}

func (c *callLog) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelCount, error) {
	c.log(ctx, "RelationshipCounts")
	return c.Store.RelationshipCounts(ctx, ids)
}

func (c *callLog) Facts(ctx context.Context, q kg.FactQuery) (kg.EntityPage, error) {
	c.log(ctx, "Facts")
	return c.Store.Facts(ctx, q)
}

func (c *callLog) DataVersion(ctx context.Context) (string, error) {
	c.log(ctx, "DataVersion")
	return c.Store.DataVersion(ctx)
}

// graphqlBlocks matches the example queries of the documentation.
var graphqlBlocks = regexp.MustCompile("(?s)```graphql\n(.*?)\n```")

// TestOnlyCall checks the API's promise to the store (kg.OnlyCall): a call said to be its
// request's only one is the only call the request makes, over the load mix, every example query
// of the documentation and shapes made to fall back to the loaders; and the mix's entity page,
// deep query and path are said to be.
func TestOnlyCall(t *testing.T) {
	store, mix, err := bench.Seeded()
	if err != nil {
		t.Fatal(err)
	}
	log := &callLog{Store: store}
	h := graph.NewHandler(log, slog.New(slog.NewTextHandler(io.Discard, nil)), graph.WithPlans(true))
	type request struct {
		name string
		body []byte
		only bool // the request must be served by one call said to be the only one
	}
	var reqs []request
	for _, name := range bench.Names {
		for i, r := range mix[name] {
			if i >= 10 {
				break
			}
			only := name == "EntityPage" || name == "Deep" || name == "Path"
			reqs = append(reqs, request{name, r.Body, only})
		}
	}
	for _, doc := range []string{"../README.md", "../docs/examples.md", "../docs/search.md", "../docs/filters.md", "../docs/api.md"} {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range graphqlBlocks.FindAllStringSubmatch(string(text), -1) {
			body, err := json.Marshal(map[string]string{"query": m[1]})
			if err != nil {
				t.Fatal(err)
			}
			reqs = append(reqs, request{name: doc, body: body})
		}
	}
	// Shapes that reach the store after the plan: each must not be said to be an only call.
	for _, q := range []string{
		`{ entity(id: "j-code") { name degree } }`,
		`{ entity(id: "j-code") { name relationshipCounts { type count } } }`,
		`{ entity(id: "j-code") { name ... on Initiative { runBy { edges { node { name degree } } } } } }`,
		`{ entity(id: "j-code") { relationships(first: 3) { edges { node { from { name relationships(first: 2) { totalCount } } } } } } }`,
		`{ entity(id: "j-code") { name } stats { entities } }`,
		`{ a: entity(id: "j-code") { name } b: entity(id: "rcmp") { name } }`,
		`{ entities(types: [ORGANIZATION], first: 3) { edges { node { name degree } } } }`,
		`{ nodes(ids: ["j-code", "rcmp"]) { id ... on Organization { runs { edges { node { name relationshipCounts { count } } } } } } }`,
		`{ path(from: "j-code", to: "rcmp") { nodes { name ... on Organization { runs { totalCount } } } } }`,
		`{ path(from: "j-code", to: "rcmp") { relationships { from { degree } } } }`,
		`{ path(from: "j-code", to: "rcmp") { hops { to { name } } length } }`,
		`{ entity(id: "j-code") { evidence { citation } } }`,
		`{ entity(id: "j-code") { relationships(first: 2) { edges { node { evidence { citation } } } } } }`,
		`{ path(from: "j-code", to: "project-riverbank") { relationships { evidence { citation } } } }`,
		`{ path(from: "j-code", to: "project-riverbank") { hops { evidence { citation } } } }`,
	} {
		body, err := json.Marshal(map[string]string{"query": q})
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, request{name: q, body: body})
	}
	said := 0
	for _, r := range reqs {
		log.reset()
		if w := postJSON(h, r.body); w.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", r.name, w.Code, w.Body.Bytes())
		}
		log.mu.Lock()
		calls, only := log.calls, log.only
		log.mu.Unlock()
		if only > 0 {
			said++
		}
		if only > 0 && len(calls) != 1 {
			t.Errorf("%s: a call said to be the only one, and %d calls %v:\n%s", r.name, len(calls), calls, r.body)
		}
		if r.only && (len(calls) != 1 || only != 1) {
			t.Errorf("%s: calls %v, %d said to be the only one; want one, said to be", r.name, calls, only)
		}
	}
	t.Logf("%d requests, %d served by a call said to be the only one", len(reqs), said)
}
