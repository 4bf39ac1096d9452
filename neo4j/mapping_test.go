package neo4j

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/drugwatch/roundtable-kg/kg"
)

// The values below are built as the driver decodes them: lists as []any, integers as int64,
// floats as float64, missing properties absent.

func factNode() dbtype.Node {
	return dbtype.Node{
		ElementId: "4:db:1",
		Labels:    []string{"Entity", "Fact"},
		Props: map[string]any{
			"id": "fact-x", "type": "Fact", "nameFr": "Décès", "nameEn": "Deaths",
			"sortNameFr": "deces", "sortNameEn": "deaths",
			"aliases": []any{"DX"}, "aliasesText": "DX",
			"descriptionFr": "d", "descriptionEn": "e",
			"value": float64(14700), "valueText": "14 700", "unit": "deaths", "period": "2019",
			"statementFr": "sf", "statementEn": "se",
			"evidenceDocuments": []any{"doc", "doc"},
			"evidenceSections":  []any{"s1", "s2"},
			"evidenceQuotes":    []any{"q1", "q2"},
		},
	}
}

func TestEntityFromNode(t *testing.T) {
	tests := map[string]struct {
		node dbtype.Node
		want kg.Entity
	}{
		"Fact": {
			node: factNode(),
			want: kg.Entity{
				ID: "fact-x", Type: kg.Fact, Name: kg.Text{FR: "Décès", EN: "Deaths"}, Aliases: []string{"DX"},
				Description: kg.Text{FR: "d", EN: "e"}, Value: 14700, ValueText: "14 700", Unit: "deaths",
				Period: "2019", Statement: kg.Text{FR: "sf", EN: "se"},
				Evidence: []kg.Evidence{{Document: "doc", Section: "s1", Quote: "q1"}, {Document: "doc", Section: "s2", Quote: "q2"}},
			},
		},
		"SessionWithIntegers": {
			node: dbtype.Node{ElementId: "4:db:2", Props: map[string]any{
				"id": "s1", "type": "Session", "category": "plenary", "number": int64(3),
				"startDate": "2019-10-08", "endDate": nil,
				"evidenceDocuments": []any{"d"}, "evidenceSections": []any{"s"}, "evidenceQuotes": []any{"q"},
			}},
			want: kg.Entity{ID: "s1", Type: kg.Session, Category: "plenary", Number: 3, StartDate: "2019-10-08",
				Aliases: []string{}, Evidence: []kg.Evidence{{Document: "d", Section: "s", Quote: "q"}}},
		},
		"IntegerValueAndNoEvidence": {
			node: dbtype.Node{Props: map[string]any{"id": "f", "type": "Fact", "value": int64(2), "roleEn": "chief"}},
			want: kg.Entity{ID: "f", Type: kg.Fact, Value: 2, Role: kg.Text{EN: "chief"}, Aliases: []string{}},
		},
		"EmptyLists": {
			node: dbtype.Node{Props: map[string]any{"id": "p", "type": "Place", "aliases": []any{},
				"evidenceDocuments": []any{}, "evidenceSections": []any{}, "evidenceQuotes": []any{}}},
			want: kg.Entity{ID: "p", Type: kg.Place, Aliases: []string{}},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := entityFromNode(tt.node)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("entity (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEntityFromNodeErrors(t *testing.T) {
	tests := map[string]map[string]any{
		"NoID":               {"type": "Place"},
		"UnknownType":        {"id": "x", "type": "Planet"},
		"NameNotString":      {"id": "x", "type": "Place", "nameEn": int64(3)},
		"AliasesNotList":     {"id": "x", "type": "Place", "aliases": "GRC"},
		"AliasNotString":     {"id": "x", "type": "Place", "aliases": []any{"a", int64(1)}},
		"NumberNotWhole":     {"id": "x", "type": "Session", "number": 2.5},
		"ValueNotNumber":     {"id": "x", "type": "Fact", "value": "many"},
		"EvidenceMismatched": {"id": "x", "type": "Place", "evidenceDocuments": []any{"d"}, "evidenceSections": []any{}, "evidenceQuotes": []any{"q"}},
	}
	for name, p := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := entityFromNode(dbtype.Node{ElementId: "4:db:9", Props: p})
			var de *decodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a decode error", err)
			}
		})
	}
}

func TestRelFromMap(t *testing.T) {
	raw := map[string]any{
		"rel": dbtype.Relationship{ElementId: "5:db:1", StartElementId: "4:db:1", EndElementId: "4:db:2", Type: "ABOUT",
			Props: map[string]any{"evidenceDocuments": []any{"d"}, "evidenceSections": []any{"s"}, "evidenceQuotes": []any{"q"}}},
		"from": "fact-x", "to": "canada",
	}
	got, err := relFromMap(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := kg.Relationship{Type: "ABOUT", From: "fact-x", To: "canada", Evidence: []kg.Evidence{{Document: "d", Section: "s", Quote: "q"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("relationship (-want +got):\n%s", diff)
	}
	// A relationship read as its type and ends alone (neighbor-level.cypher with $lightRels).
	light, err := relFromMap(map[string]any{"rel": nil, "type": "ABOUT", "from": "fact-x", "to": "canada"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(kg.Relationship{Type: "ABOUT", From: "fact-x", To: "canada"}, light); diff != "" {
		t.Errorf("light relationship (-want +got):\n%s", diff)
	}
	for name, bad := range map[string]any{
		"NotMap":     []any{},
		"NoRel":      map[string]any{"from": "a", "to": "b"},
		"NoEnds":     map[string]any{"rel": dbtype.Relationship{Type: "ABOUT"}},
		"RelIsNil":   map[string]any{"rel": nil, "from": "a", "to": "b"},
		"LightNoEnd": map[string]any{"rel": nil, "type": "ABOUT", "from": "a"},
	} {
		if _, err := relFromMap(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestPathFromDB(t *testing.T) {
	a := dbtype.Node{ElementId: "4:db:1", Props: map[string]any{"id": "a", "type": "Place"}}
	b := dbtype.Node{ElementId: "4:db:2", Props: map[string]any{"id": "b", "type": "Place"}}
	c := dbtype.Node{ElementId: "4:db:3", Props: map[string]any{"id": "c", "type": "Organization"}}
	// a <-LOCATED_IN- b -... c: the second relationship goes against the path's direction.
	ab := dbtype.Relationship{ElementId: "5:db:1", StartElementId: "4:db:2", EndElementId: "4:db:1", Type: "LOCATED_IN", Props: map[string]any{}}
	cb := dbtype.Relationship{ElementId: "5:db:2", StartElementId: "4:db:3", EndElementId: "4:db:2", Type: "LOCATED_IN", Props: map[string]any{}}
	got, err := pathFromDB(dbtype.Path{Nodes: []dbtype.Node{a, b, c}, Relationships: []dbtype.Relationship{ab, cb}})
	if err != nil {
		t.Fatal(err)
	}
	want := &kg.Path{
		Nodes: []kg.Entity{
			{ID: "a", Type: kg.Place, Aliases: []string{}},
			{ID: "b", Type: kg.Place, Aliases: []string{}},
			{ID: "c", Type: kg.Organization, Aliases: []string{}},
		},
		Relationships: []kg.Relationship{
			{Type: "LOCATED_IN", From: "b", To: "a"},
			{Type: "LOCATED_IN", From: "c", To: "b"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}

	if _, err := pathFromDB(dbtype.Path{Nodes: []dbtype.Node{a, c}, Relationships: []dbtype.Relationship{ab}}); err == nil {
		t.Error("a relationship that does not join its path's nodes was accepted")
	}
	if _, err := pathFromDB(dbtype.Path{Nodes: []dbtype.Node{a}, Relationships: []dbtype.Relationship{ab}}); err == nil {
		t.Error("a path with too few nodes was accepted")
	}
}

func TestPathFromProjection(t *testing.T) {
	// a <-LOCATED_IN- b -PARTNERS_WITH-> c, the first node projected, the others whole, and the
	// quotes and kinds of the evidence.
	b := dbtype.Node{ElementId: "4:db:2", Props: map[string]any{"id": "b", "type": "Place", "nameEn": "B", "aliases": []any{"bee"}}}
	c := dbtype.Node{ElementId: "4:db:3", Props: map[string]any{"id": "c", "type": "Organization"}}
	keys := []string{"evidenceQuotes", "evidenceKinds"}
	raw := map[string]any{
		"nodes": []any{map[string]any{"id": "a", "type": "Place", "nameEn": "A", "nameFr": nil}, b, c},
		"rels": []any{
			map[string]any{"type": "LOCATED_IN", "forward": false, "evidence": []any{[]any{"q1", "q2"}, []any{"quote", "reference"}}},
			map[string]any{"type": "PARTNERS_WITH", "forward": true, "evidence": []any{nil, nil}},
		},
	}
	got, err := pathFromProjection(raw, keys)
	if err != nil {
		t.Fatal(err)
	}
	want := &kg.Path{
		Nodes: []kg.Entity{
			{ID: "a", Type: kg.Place, Name: kg.Text{EN: "A"}, Aliases: []string{}},
			{ID: "b", Type: kg.Place, Name: kg.Text{EN: "B"}, Aliases: []string{"bee"}},
			{ID: "c", Type: kg.Organization, Aliases: []string{}},
		},
		Relationships: []kg.Relationship{
			{Type: "LOCATED_IN", From: "b", To: "a", Evidence: []kg.Evidence{{Quote: "q1", Kind: kg.EvidenceQuote}, {Quote: "q2", Kind: kg.EvidenceReference}}},
			{Type: "PARTNERS_WITH", From: "b", To: "c"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}

	light := map[string]any{"type": "LOCATED_IN", "forward": true, "evidence": []any{}}
	node := map[string]any{"id": "a", "type": "Place"}
	for name, bad := range map[string]map[string]any{
		"NoNodes":       {"rels": []any{}},
		"TooFewNodes":   {"nodes": []any{node}, "rels": []any{light}},
		"NodeNotMap":    {"nodes": []any{"a"}, "rels": []any{}},
		"NodeNoID":      {"nodes": []any{map[string]any{"type": "Place"}}, "rels": []any{}},
		"RelNotMap":     {"nodes": []any{node, node}, "rels": []any{"LOCATED_IN"}},
		"RelNoForward":  {"nodes": []any{node, node}, "rels": []any{map[string]any{"type": "LOCATED_IN", "evidence": []any{nil, nil}}}},
		"MissingLists":  {"nodes": []any{node, node}, "rels": []any{light}},
		"ListNotString": {"nodes": []any{node, node}, "rels": []any{map[string]any{"type": "LOCATED_IN", "forward": true, "evidence": []any{[]any{1}, nil}}}},
	} {
		if _, err := pathFromProjection(bad, keys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })
