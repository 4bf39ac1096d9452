package graph_test

import "testing"

func TestPathsConnectionsAndCounts(t *testing.T) {
	ds := mustDataset(t)
	srv := newServer(t, mustStore(t))
	type hop struct {
		From, To     struct{ ID, Type string }
		Relationship struct{ Type string }
		Direction    string
		Evidence     []struct{ Quote string }
		Detour       bool
	}
	var data struct {
		Paths []struct {
			Length  int
			Detours int
			Nodes   []struct{ ID string }
			Hops    []hop
		}
		Shortest []struct {
			Length  int
			Detours int
		}
		Path struct {
			Length  int
			Detours int
			Nodes   []struct{ ID string }
			Hops    []hop
		}
		Connections struct {
			Nodes         []struct{ ID string }
			Relationships []struct{ Type string }
		}
		Entity struct {
			Degree             int
			RelationshipCounts []struct {
				Type      string
				Direction string
				Count     int
			}
		}
		Entities struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	mustData(t, post(t, srv, `{
		paths(from: "j-code", to: "project-riverbank", first: 3) {
			length detours nodes { id }
			hops { from { id type } to { id type } relationship { type } direction evidence { quote } detour }
		}
		shortest: paths(from: "j-code", to: "project-riverbank", first: 1, anyLink: true) { length detours }
		path(from: "j-code", to: "project-riverbank") {
			length detours nodes { id }
			hops { from { id type } to { id type } relationship { type } direction evidence { quote } detour }
		}
		connections(ids: ["canada-border-services-agency", "fentanyl", "hells-angels"]) { nodes { id } relationships { type } }
		entity(id: "j-code") { degree relationshipCounts { type direction count } }
		entities(types: [SUBSTANCE], orderBy: {field: DEGREE, descending: true}, first: 1) { edges { node { id } } }
	}`, nil), &data)
	if len(data.Paths) != 3 {
		t.Fatalf("%d paths, want 3", len(data.Paths))
	}
	for _, p := range data.Paths {
		if p.Detours != 0 || len(p.Hops) != p.Length {
			t.Errorf("path %v: %d detours, %d hops for length %d", p.Nodes, p.Detours, len(p.Hops), p.Length)
		}
		for i, h := range p.Hops {
			if h.From.ID != p.Nodes[i].ID || h.To.ID != p.Nodes[i+1].ID || len(h.Evidence) == 0 || h.Detour || h.To.Type == "SESSION" || h.To.Type == "EVENT" {
				t.Errorf("path %v hop %d: %+v", p.Nodes, i, h)
			}
		}
	}
	// path takes any link, so its detours are those of its hops.
	if p := data.Path; p.Length == 0 || len(p.Hops) != p.Length {
		t.Errorf("path: length %d, %d hops", p.Length, len(p.Hops))
	} else {
		detours := 0
		for i, h := range p.Hops {
			if h.From.ID != p.Nodes[i].ID || h.To.ID != p.Nodes[i+1].ID || len(h.Evidence) == 0 {
				t.Errorf("path hop %d: %+v", i, h)
			}
			if h.Detour {
				detours++
			}
		}
		if p.Detours != detours {
			t.Errorf("path: %d detours, %d hops are detours", p.Detours, detours)
		}
	}
	if len(data.Shortest) != 1 || data.Shortest[0].Length > data.Paths[0].Length {
		t.Errorf("anyLink shortest %+v, explained path of %d", data.Shortest, data.Paths[0].Length)
	}
	if len(data.Connections.Nodes) < 3 || len(data.Connections.Relationships) != len(data.Connections.Nodes)-1 {
		t.Errorf("connections: %+v", data.Connections)
	}
	degree, sum := 0, 0
	for _, r := range ds.Relationships {
		if r.From == "j-code" || r.To == "j-code" {
			degree++
		}
	}
	for _, c := range data.Entity.RelationshipCounts {
		sum += c.Count
	}
	if data.Entity.Degree != degree || sum != degree || len(data.Entity.RelationshipCounts) < 2 {
		t.Errorf("j-code degree %d, counts %+v; want %d", data.Entity.Degree, data.Entity.RelationshipCounts, degree)
	}
	degrees := map[string]int{}
	for _, r := range ds.Relationships {
		degrees[r.From]++
		degrees[r.To]++
	}
	top := ""
	for _, e := range ds.Entities {
		if e.Type == "Substance" && (top == "" || degrees[e.ID] > degrees[top] || degrees[e.ID] == degrees[top] && e.ID < top) {
			top = e.ID
		}
	}
	if len(data.Entities.Edges) != 1 || data.Entities.Edges[0].Node.ID != top {
		t.Errorf("substance of highest degree: %+v, want %s", data.Entities.Edges, top)
	}
	for _, q := range []string{
		`{ paths(from: "j-code", to: "fentanyl", maxHops: 7) { length } }`,
		`{ paths(from: "j-code", to: "fentanyl", first: 11) { length } }`,
		`{ paths(from: "j-code", to: "fentanyl", excludeRelationshipTypes: ["NOPE"]) { length } }`,
		`{ connections(ids: []) { nodes { id } } }`,
	} {
		if r := post(t, srv, q, nil); r.code() != "BAD_USER_INPUT" {
			t.Errorf("%s: errors %+v, want BAD_USER_INPUT", q, r.Errors)
		}
	}
	if r := post(t, srv, `{ paths(from: "j-code", to: "nope") { length } }`, nil); r.code() != "NOT_FOUND" {
		t.Errorf("unknown end: errors %+v, want NOT_FOUND", r.Errors)
	}
}
