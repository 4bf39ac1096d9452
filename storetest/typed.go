package storetest

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
)

// testTypedConnections asks every typed connection field of every entity through the GraphQL API
// over s, and checks that each returns exactly the relationships its @relation directive declares:
// only those types, in that direction, to those types of other end, and all of them.
func testTypedConnections(t *testing.T, s kg.Store, x *expect) {
	// Every field of a type in one document costs more than a client may ask: no cost limit here.
	limits := graph.DefaultLimits
	limits.Cost = 0
	srv := httptest.NewServer(graph.NewHandler(s, slog.New(slog.NewTextHandler(io.Discard, nil)), graph.WithLimits(limits)))
	defer srv.Close()
	byType := map[kg.EntityType][]graph.TypedConnection{}
	for _, c := range graph.TypedConnections() {
		byType[c.Type] = append(byType[c.Type], c)
	}
	if len(byType) == 0 {
		t.Fatal("the schema has no typed connection")
	}
	for _, typ := range kg.EntityTypes {
		conns := byType[typ]
		if len(conns) == 0 {
			continue
		}
		t.Run(string(typ), func(t *testing.T) {
			var b strings.Builder
			fmt.Fprintf(&b, "query($after: String) { entities(types: [%s], first: 20, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id ... on %s {",
				strings.ToUpper(string(typ)), typ)
			for _, c := range conns {
				fmt.Fprintf(&b, " %s(first: 100) { totalCount edges { node { id type } relationship { type from { id } to { id } } } }", c.Field)
			}
			b.WriteString(" } } } } }")
			seen := 0
			var after any
			for {
				var data struct {
					Entities struct {
						PageInfo struct {
							HasNextPage bool
							EndCursor   string
						}
						Edges []struct{ Node map[string]json.RawMessage }
					}
				}
				graphQL(t, srv.URL, b.String(), map[string]any{"after": after}, &data)
				for _, edge := range data.Entities.Edges {
					var id string
					if err := json.Unmarshal(edge.Node["id"], &id); err != nil {
						t.Fatal(err)
					}
					for _, c := range conns {
						checkTyped(t, x, id, c, edge.Node[c.Field])
					}
					seen++
				}
				if !data.Entities.PageInfo.HasNextPage {
					break
				}
				after = data.Entities.PageInfo.EndCursor
			}
			if want := len(x.ofType(typ)); seen != want {
				t.Errorf("%d entities of type %s paged through, want %d", seen, typ, want)
			}
		})
	}
}

// checkTyped checks the answer raw of the typed connection c of the entity id.
func checkTyped(t *testing.T, x *expect, id string, c graph.TypedConnection, raw json.RawMessage) {
	t.Helper()
	var conn struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID   string
				Type string
			}
			Relationship struct {
				Type     string
				From, To struct{ ID string }
			}
		}
	}
	if err := json.Unmarshal(raw, &conn); err != nil {
		t.Fatalf("%s.%s of %s: %v: %s", c.Type, c.Field, id, err, raw)
	}
	q := c.Query
	for _, e := range conn.Edges {
		r := e.Relationship
		out := r.From.ID == id
		other := r.To.ID
		if !out {
			other = r.From.ID
		}
		switch {
		case !slices.Contains(q.Types, kg.RelationshipType(r.Type)):
			t.Errorf("%s.%s of %s returns a %s relationship; it declares %v", c.Type, c.Field, id, r.Type, q.Types)
		case q.Direction == kg.Outgoing && !out || q.Direction == kg.Incoming && out || !out && r.To.ID != id:
			t.Errorf("%s.%s of %s returns %s from %s to %s; it declares %s", c.Type, c.Field, id, r.Type, r.From.ID, r.To.ID, q.Direction)
		case other != e.Node.ID:
			t.Errorf("%s.%s of %s: node %s is not the other end of %s from %s to %s", c.Type, c.Field, id, e.Node.ID, r.Type, r.From.ID, r.To.ID)
		case len(q.OtherTypes) > 0 && !slices.ContainsFunc(q.OtherTypes, func(o kg.EntityType) bool { return strings.EqualFold(string(o), e.Node.Type) }):
			t.Errorf("%s.%s of %s returns %s, a %s; it declares %v", c.Type, c.Field, id, e.Node.ID, e.Node.Type, q.OtherTypes)
		}
	}
	want := x.rels(id, q)
	if conn.TotalCount != len(want) || len(conn.Edges) != min(len(want), 100) {
		t.Errorf("%s.%s of %s: %d edges of %d, want %d of %d", c.Type, c.Field, id, len(conn.Edges), conn.TotalCount, min(len(want), 100), len(want))
	}
}

// ofType returns the entities of the dataset of type typ.
func (x *expect) ofType(typ kg.EntityType) []kg.Entity {
	var out []kg.Entity
	for _, e := range x.ds.Entities {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// graphQL posts a query to the GraphQL endpoint at base and decodes its data into data; it fails
// the test on any error.
func graphQL(t *testing.T, base, query string, vars map[string]any, data any) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	status, raw := post(t, base, body)
	var out struct {
		Data   json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(raw, &out); err != nil || status != http.StatusOK || len(out.Errors) > 0 {
		t.Fatalf("status %d, %v: %s", status, err, raw)
	}
	if err := json.Unmarshal(out.Data, data); err != nil {
		t.Fatalf("%v: %s", err, out.Data)
	}
}
