package graph

import (
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Every typed connection field of the schema has a @relation directive whose relationship types
// are in the vocabulary, can reach the field's type in the direction given, and reach the other-end
// types it names; no two fields of a type return the same relationship.
func TestRelationsOfSchema(t *testing.T) {
	got, err := readRelations(parsedSchema)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fields := range got {
		n += len(fields)
	}
	if n == 0 || n != len(TypedConnections()) {
		t.Errorf("%d relations read, TypedConnections lists %d", n, len(TypedConnections()))
	}
	// Every field of an entity type that returns an EntityConnection is a typed connection.
	for _, def := range parsedSchema.Types {
		for _, f := range def.Fields {
			if def.Kind == ast.Object && def.Name != "Query" && f.Type.Name() == "EntityConnection" {
				if _, ok := got[def.Name][f.Name]; !ok {
					t.Errorf("%s.%s returns entities but follows no relation", def.Name, f.Name)
				}
			}
		}
	}
}

// A directive that disagrees with the vocabulary, or is missing, stops the schema from loading.
func TestRelationsRefused(t *testing.T) {
	text, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	const originOf = `originOf(where: EntityWhere, first: Int, after: String): EntityConnection! @relation(types: ["ORIGINATES_IN"], direction: INCOMING, otherTypes: [INITIATIVE])`
	if !strings.Contains(string(text), originOf) {
		t.Fatalf("the schema no longer holds %s", originOf)
	}
	for name, field := range map[string]string{
		"Missing":         `originOf(where: EntityWhere, first: Int, after: String): EntityConnection!`,
		"UnknownType":     `originOf(where: EntityWhere, first: Int, after: String): EntityConnection! @relation(types: ["ORIGINATED_IN"], direction: INCOMING)`,
		"WrongDirection":  `originOf(where: EntityWhere, first: Int, after: String): EntityConnection! @relation(types: ["ORIGINATES_IN"], direction: OUTGOING)`,
		"UnreachableEnd":  `originOf(where: EntityWhere, first: Int, after: String): EntityConnection! @relation(types: ["ORIGINATES_IN"], direction: INCOMING, otherTypes: [PERSON])`,
		"SameAsAnother":   `originOf(where: EntityWhere, first: Int, after: String): EntityConnection! @relation(types: ["ORIGINATES_IN"], direction: INCOMING)`,
		"NotAConnection":  originOf + "\n  nameless: String @relation(types: [\"ORIGINATES_IN\"], direction: INCOMING)",
		"NoRelationTypes": `originOf(where: EntityWhere, first: Int, after: String): EntityConnection! @relation(types: [], direction: INCOMING)`,
	} {
		t.Run(name, func(t *testing.T) {
			changed := strings.Replace(string(text), originOf, field, 1)
			schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: changed})
			if gerr != nil {
				t.Fatalf("load: %v", gerr)
			}
			if _, err := readRelations(schema); err == nil {
				t.Errorf("readRelations accepted %s", field)
			} else {
				t.Log(err)
			}
		})
	}
}

// Every relationship type of the vocabulary is followed by at least one typed connection, so that
// a type added to the vocabulary is not reachable only through the generic relationships field.
func TestEveryRelationshipTypeHasATypedConnection(t *testing.T) {
	followed := map[kg.RelationshipType]bool{}
	for _, c := range TypedConnections() {
		for _, typ := range c.Query.Types {
			followed[typ] = true
		}
	}
	for _, r := range kg.Vocabulary {
		if !followed[r.Name] {
			t.Errorf("no typed connection follows %s (%s)", r.Name, r.Meaning)
		}
	}
}
