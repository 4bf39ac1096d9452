package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
	"github.com/drugwatch/roundtable-kg/seed"
)

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// code returns the extensions.code of the first error, or "".
func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// mustStore returns a fresh memory store over the seed dataset.
func mustStore(tb testing.TB) *memory.Store {
	tb.Helper()
	s, _ := memorytest.MustSeeded(tb)
	return s
}

// mustDataset returns the seed dataset, for expectations computed from the data.
func mustDataset(tb testing.TB) *seed.Dataset {
	tb.Helper()
	ds, err := seed.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// newServer serves the GraphQL handler over store on a real HTTP server.
func newServer(tb testing.TB, store kg.Store) *httptest.Server {
	tb.Helper()
	return newServerWith(tb, store)
}

func newServerWith(tb testing.TB, store kg.Store, opts ...graph.Option) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)), opts...))
	tb.Cleanup(srv.Close)
	return srv
}

// post sends a query and decodes the response; it fails the test on a status of 500 or more.
func post(tb testing.TB, srv *httptest.Server, query string, vars map[string]any) response {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	status, _, raw := exchange(tb, http.MethodPost, srv.URL, "application/json", "", bytes.NewReader(body))
	return decodeBody(tb, status, raw)
}

func decode(tb testing.TB, resp *http.Response) response {
	tb.Helper()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return decodeBody(tb, resp.StatusCode, raw)
}

// decodeBody decodes a GraphQL answer; it fails the test on a status of 500 or more.
func decodeBody(tb testing.TB, status int, raw []byte) response {
	tb.Helper()
	if status >= 500 {
		tb.Fatalf("status %d: %s", status, raw)
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		tb.Fatalf("decode %s: %v", raw, err)
	}
	return r
}

// mustData decodes the data of a response that must have no errors.
func mustData(tb testing.TB, r response, v any) {
	tb.Helper()
	if len(r.Errors) > 0 {
		tb.Fatalf("errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		tb.Fatalf("decode data %s: %v", r.Data, err)
	}
}

func TestEntity(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var data struct {
		Entity struct {
			ID, Type, NameEN, NameFR string
			Aliases                  []string
			Evidence                 []struct{ Document, Section, Quote string }
			Targets                  struct {
				TotalCount int
				Edges      []struct {
					Node     struct{ ID, Type string }
					Evidence []struct{ Quote string }
				}
			}
		}
		Missing *struct{ ID string }
	}
	mustData(t, post(t, srv, `{
	  entity(id: "j-code") {
	    id type nameEN: name nameFR: name(lang: FR) aliases evidence { document section quote }
	    ... on Initiative { targets { totalCount edges { node { id type } evidence { quote } } } }
	  }
	  missing: entity(id: "no-such-thing") { id }
	}`, nil), &data)
	e := data.Entity
	if e.ID != "j-code" || e.Type != "INITIATIVE" || e.NameEN == "" || e.NameFR == "" || len(e.Evidence) == 0 {
		t.Errorf("entity = %+v", e)
	}
	if !strings.Contains(strings.Join(e.Aliases, ","), "J-CODE") {
		t.Errorf("aliases %v lack J-CODE", e.Aliases)
	}
	for _, ev := range e.Evidence {
		if ev.Document != "roundtable-2019" || ev.Section == "" || ev.Quote == "" {
			t.Errorf("evidence %+v", ev)
		}
	}
	if e.Targets.TotalCount == 0 || len(e.Targets.Edges) != e.Targets.TotalCount {
		t.Errorf("targets: %+v", e.Targets)
	}
	for _, edge := range e.Targets.Edges {
		if len(edge.Evidence) == 0 {
			t.Errorf("target %s has no relationship evidence", edge.Node.ID)
		}
	}
	if data.Missing != nil {
		t.Errorf("unknown id: %+v, want null", data.Missing)
	}
}

// TestRelationshipsBothWays checks that every typed field pair agrees: an initiative's targets
// list the substance, and the substance's initiatives list the initiative.
func TestRelationshipsBothWays(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var data struct {
		Entities struct {
			Edges []struct {
				Node struct {
					ID      string
					Targets struct {
						Edges []struct {
							Node struct {
								ID          string
								Initiatives *struct {
									Edges []struct{ Node struct{ ID string } }
								}
							}
						}
					}
				}
			}
		}
	}
	mustData(t, post(t, srv, `{ entities(types: [INITIATIVE], first: 40) { edges { node { id
	  ... on Initiative { targets(first: 15) { edges { node { id ... on Substance { initiatives(first: 30) { edges { node { id } } } } } } } } } } } }`, nil), &data)
	checked := 0
	for _, ie := range data.Entities.Edges {
		for _, te := range ie.Node.Targets.Edges {
			if te.Node.Initiatives == nil {
				continue
			}
			found := false
			for _, back := range te.Node.Initiatives.Edges {
				found = found || back.Node.ID == ie.Node.ID
			}
			if !found {
				t.Errorf("%s targets %s, but %s's initiatives omit it", ie.Node.ID, te.Node.ID, te.Node.ID)
			}
			checked++
		}
	}
	if checked < 5 {
		t.Errorf("only %d initiative-substance pairs checked", checked)
	}
}

func TestPaginationWalksEveryEntityOnce(t *testing.T) {
	ds := mustDataset(t)
	srv := newServer(t, mustStore(t))
	seen := map[string]int{}
	var after any
	total := -1
	for range 100 {
		var data struct {
			Entities struct {
				TotalCount int
				Edges      []struct {
					Cursor string
					Node   struct{ ID string }
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		mustData(t, post(t, srv, `query($after: String) { entities(first: 17, after: $after, orderBy: {field: NAME, lang: FR}) {
		  totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`, map[string]any{"after": after}), &data)
		total = data.Entities.TotalCount
		for _, e := range data.Entities.Edges {
			seen[e.Node.ID]++
		}
		if n := len(data.Entities.Edges); n > 0 && data.Entities.Edges[n-1].Cursor != data.Entities.PageInfo.EndCursor {
			t.Errorf("endCursor %q is not the last edge's cursor", data.Entities.PageInfo.EndCursor)
		}
		if !data.Entities.PageInfo.HasNextPage {
			break
		}
		after = data.Entities.PageInfo.EndCursor
	}
	if len(seen) != len(ds.Entities) || total != len(ds.Entities) {
		t.Errorf("walked %d distinct entities, totalCount %d; the data has %d", len(seen), total, len(ds.Entities))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s seen %d times", id, n)
		}
	}
}

func TestRelationshipConnectionWalk(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var all []string
	var after any
	total := 0
	for range 100 {
		var data struct {
			Entity struct {
				Relationships struct {
					TotalCount int
					Edges      []struct {
						Direction string
						Other     struct{ ID string }
						Node      struct {
							Type     string
							From, To struct{ ID string }
						}
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
		}
		mustData(t, post(t, srv, `query($after: String) { entity(id: "methamphetamine") { relationships(first: 6, after: $after) {
		  totalCount edges { direction other { id } node { type from { id } to { id } } } pageInfo { hasNextPage endCursor } } } }`,
			map[string]any{"after": after}), &data)
		rc := data.Entity.Relationships
		total = rc.TotalCount
		for _, e := range rc.Edges {
			want := e.Node.To.ID
			if e.Direction == "INCOMING" {
				want = e.Node.From.ID
			}
			if e.Other.ID != want {
				t.Errorf("edge %s %s: other %s, want %s", e.Node.Type, e.Direction, e.Other.ID, want)
			}
			all = append(all, e.Node.Type+" "+e.Node.From.ID+" "+e.Node.To.ID)
		}
		if !rc.PageInfo.HasNextPage {
			break
		}
		after = rc.PageInfo.EndCursor
	}
	if len(all) != total || total < 10 {
		t.Errorf("walked %d relationships, totalCount %d", len(all), total)
	}
}

func TestSearch(t *testing.T) {
	srv := newServer(t, mustStore(t))
	cases := map[string]struct{ id, field string }{
		"meth":            {"methamphetamine", "alias"},
		"méthamphétamine": {"methamphetamine", "name"},
		"methamphetamine": {"methamphetamine", "name"},
		"GRC":             {"royal-canadian-mounted-police", "alias"},
		"RCMP":            {"royal-canadian-mounted-police", "alias"},
	}
	for text, want := range cases {
		t.Run(text, func(t *testing.T) {
			var data struct {
				Search struct {
					TotalCount int
					Edges      []struct {
						Score           float64
						MatchedField    string
						MatchedLanguage *string
						Node            struct{ ID string }
					}
				}
			}
			mustData(t, post(t, srv, `query($t: String!) { search(text: $t, first: 5) { totalCount edges { score matchedField matchedLanguage node { id } } } }`,
				map[string]any{"t": text}), &data)
			if len(data.Search.Edges) == 0 {
				t.Fatal("no results")
			}
			first := data.Search.Edges[0]
			if first.Node.ID != want.id || first.MatchedField != want.field {
				t.Errorf("first result %s (%s), want %s (%s)", first.Node.ID, first.MatchedField, want.id, want.field)
			}
		})
	}
}

func TestNeighborhoodPathStatsAndMore(t *testing.T) {
	ds := mustDataset(t)
	srv := newServer(t, mustStore(t))
	var data struct {
		Neighborhood struct {
			Nodes         []struct{ ID string }
			Relationships []struct{ Type string }
			Truncated     bool
		}
		Path struct {
			Length int
			Nodes  []struct{ ID string }
		}
		Stats struct {
			Entities, Relationships int
			EntityTypes             []struct {
				Type  string
				Count int
			}
		}
		Vocabulary  []struct{ Name string }
		DataVersion string
		Node        struct{ ID string }
		Nodes       []*struct{ ID string }
	}
	mustData(t, post(t, srv, `{
	  neighborhood(id: "project-riverbank", depth: 2, limit: 30) { nodes { id } relationships { type } truncated }
	  path(from: "j-code", to: "winnipeg") { length nodes { id } }
	  stats { entities relationships entityTypes { type count } }
	  vocabulary { name }
	  dataVersion
	  node(id: "winnipeg") { id }
	  nodes(ids: ["winnipeg", "nothing-here", "manitoba"]) { id }
	}`, nil), &data)
	if n := len(data.Neighborhood.Nodes); n != 30 || !data.Neighborhood.Truncated || data.Neighborhood.Nodes[0].ID != "project-riverbank" {
		t.Errorf("neighborhood: %d nodes, truncated %v", n, data.Neighborhood.Truncated)
	}
	if p := data.Path; p.Length == 0 || len(p.Nodes) != p.Length+1 || p.Nodes[0].ID != "j-code" || p.Nodes[p.Length].ID != "winnipeg" {
		t.Errorf("path: %+v", p)
	}
	if data.Stats.Entities != len(ds.Entities) || data.Stats.Relationships != len(ds.Relationships) || len(data.Stats.EntityTypes) != len(kg.EntityTypes) {
		t.Errorf("stats: %+v", data.Stats)
	}
	if len(data.Vocabulary) != len(kg.Vocabulary) || data.DataVersion != ds.Version {
		t.Errorf("vocabulary %d types, dataVersion %q", len(data.Vocabulary), data.DataVersion)
	}
	if data.Node.ID != "winnipeg" || len(data.Nodes) != 3 || data.Nodes[0].ID != "winnipeg" || data.Nodes[1] != nil || data.Nodes[2].ID != "manitoba" {
		t.Errorf("node/nodes: %+v %+v", data.Node, data.Nodes)
	}
}

func TestGET(t *testing.T) {
	srv := newServer(t, mustStore(t))
	resp, err := http.Get(srv.URL + "?query=" + url.QueryEscape(`{ entity(id: "winnipeg") { name(lang: FR) } }`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var data struct{ Entity struct{ Name string } }
	mustData(t, decode(t, resp), &data)
	if data.Entity.Name != "Winnipeg" {
		t.Errorf("name = %q", data.Entity.Name)
	}
}

func TestBadInput(t *testing.T) {
	srv := newServer(t, mustStore(t))
	cases := map[string]struct{ query, code string }{
		"MalformedCursor":  {`{ entities(after: "not-a-cursor") { totalCount } }`, graph.CodeBadUserInput},
		"CursorBadOffset":  {`{ entities(after: "b2Zmc2V0Oi01") { totalCount } }`, graph.CodeBadUserInput},
		"FirstTooLarge":    {`{ entities(first: 101) { totalCount } }`, graph.CodeBadUserInput},
		"FirstNegative":    {`{ entities(first: -1) { totalCount } }`, graph.CodeBadUserInput},
		"DepthTooLarge":    {`{ neighborhood(id: "winnipeg", depth: 4) { truncated } }`, graph.CodeBadUserInput},
		"UnknownRelType":   {`{ entity(id: "winnipeg") { relationships(types: ["LIKES"]) { totalCount } } }`, graph.CodeBadUserInput},
		"UnknownRelTypeNb": {`{ neighborhood(id: "winnipeg", relationshipTypes: ["LIKES"]) { truncated } }`, graph.CodeBadUserInput},
		"EmptySearch":      {`{ search(text: "") { totalCount } }`, graph.CodeBadUserInput},
		"BlankSearch":      {`{ search(text: "  ?! ") { totalCount } }`, graph.CodeBadUserInput},
		"PathUnknownEnd":   {`{ path(from: "winnipeg", to: "atlantis") { length } }`, graph.CodeNotFound},
		"PathUnknownType":  {`{ path(from: "winnipeg", to: "canada", relationshipTypes: ["LIKES"]) { length } }`, graph.CodeBadUserInput},
		"MaxHopsTooLarge":  {`{ path(from: "winnipeg", to: "canada", maxHops: 99) { length } }`, graph.CodeBadUserInput},
		"NeighborhoodNone": {`{ neighborhood(id: "atlantis") { truncated } }`, graph.CodeNotFound},
		"UnknownField":     {`{ entity(id: "winnipeg") { colour } }`, "GRAPHQL_VALIDATION_FAILED"},
		"ParseError":       {`{ entity(id: `, "GRAPHQL_PARSE_FAILED"},
		"TooComplex":       {`{ entities(first: 100) { edges { node { relationships(first: 100) { edges { other { relationships(first: 100) { edges { cursor } } } } } } } } }`, graph.CodeQueryTooComplex},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := post(t, srv, tc.query, nil)
			if r.code() != tc.code {
				t.Errorf("code %q, want %q (errors %+v)", r.code(), tc.code, r.Errors)
			}
			if len(r.Errors) > 0 && r.Errors[0].Message == "" {
				t.Error("empty message")
			}
		})
	}
	t.Run("NotJSON", func(t *testing.T) {
		resp, err := http.Post(srv.URL, "application/json", strings.NewReader("{not json"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("status %d, want 4xx", resp.StatusCode)
		}
	})
}

// failing is a store whose backend is down: every call fails with kg.ErrUnavailable.
type failing struct{ kg.Store }

func (failing) EntitiesByID(context.Context, []string) ([]*kg.Entity, error) {
	return nil, kg.Errorf(kg.ErrUnavailable, "connection refused")
}

func (failing) Search(context.Context, kg.SearchQuery) (kg.SearchPage, error) {
	return kg.SearchPage{}, kg.Errorf(kg.ErrUnavailable, "connection refused")
}

func TestStoreUnavailable(t *testing.T) {
	srv := newServer(t, failing{mustStore(t)})
	for _, q := range []string{`{ entity(id: "winnipeg") { id } }`, `{ search(text: "meth") { totalCount } }`} {
		r := post(t, srv, q, nil)
		if r.code() != graph.CodeServiceUnavailable || strings.Contains(r.Errors[0].Message, "refused") {
			t.Errorf("%s: errors %+v, want %s without internals", q, r.Errors, graph.CodeServiceUnavailable)
		}
	}
}
