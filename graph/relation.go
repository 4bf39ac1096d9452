package graph

import (
	"fmt"
	"maps"
	"slices"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// relation is what a typed connection field follows, as its @relation directive in the schema
// says: relationships of some types in one direction and, when other is not empty, only those
// whose other end is of one of these entity types.
type relation struct {
	types []kg.RelationshipType
	dir   kg.Direction
	other []kg.EntityType
}

// query returns the relationship query of the field, without its page.
func (r relation) query() kg.RelQuery {
	return kg.RelQuery{Types: r.types, Direction: r.dir, OtherTypes: r.other}
}

// relations maps an object type's name and a field's name to the relation the field follows. It
// is read from the schema once, when the package starts: a schema whose directives disagree with
// the vocabulary does not start.
var relations = mustReadRelations(parsedSchema)

func mustReadRelations(schema *ast.Schema) map[string]map[string]relation {
	r, err := readRelations(schema)
	if err != nil {
		panic(err)
	}
	return r
}

// readRelations reads the @relation directive of every typed connection field: a field of an
// entity type that returns an EntityConnection and takes first and after. Every such field must
// have one, and every directive must name relationship types of the vocabulary that can reach
// the field's type in the direction given, and other-end types that those relationships can
// reach; no two fields of a type may return the same relationship.
func readRelations(schema *ast.Schema) (map[string]map[string]relation, error) {
	out := map[string]map[string]relation{}
	for _, name := range slices.Sorted(maps.Keys(schema.Types)) {
		def := schema.Types[name]
		if def.Kind != ast.Object || !slices.Contains(def.Interfaces, "Entity") {
			continue
		}
		owner := model.KGType(model.EntityType(def.Name))
		if !owner.Valid() {
			return nil, fmt.Errorf("schema: %s implements Entity but is not an entity type", def.Name)
		}
		for _, f := range def.Fields {
			d := f.Directives.ForName("relation")
			typed := f.Type.Name() == "EntityConnection" && f.Arguments.ForName("first") != nil && f.Arguments.ForName("after") != nil
			switch {
			case d == nil && !typed:
				continue
			case d == nil:
				return nil, fmt.Errorf("schema: %s.%s is a typed connection without @relation", def.Name, f.Name)
			case !typed:
				return nil, fmt.Errorf("schema: %s.%s has @relation but is not a typed connection", def.Name, f.Name)
			}
			r, err := readRelation(owner, d)
			if err != nil {
				return nil, fmt.Errorf("schema: %s.%s: %w", def.Name, f.Name, err)
			}
			for other, o := range out[def.Name] {
				if overlap(owner, r, o) {
					return nil, fmt.Errorf("schema: %s.%s and %s.%s follow the same relationships", def.Name, f.Name, def.Name, other)
				}
			}
			if out[def.Name] == nil {
				out[def.Name] = map[string]relation{}
			}
			out[def.Name][f.Name] = r
		}
	}
	return out, nil
}

// readRelation reads and checks one @relation directive on a field of the entity type owner.
func readRelation(owner kg.EntityType, d *ast.Directive) (relation, error) {
	var r relation
	arg := func(name string) any {
		if a := d.Arguments.ForName(name); a != nil {
			v, err := a.Value.Value(nil)
			if err == nil {
				return v
			}
		}
		return nil
	}
	names, _ := arg("types").([]any)
	if len(names) == 0 {
		return r, fmt.Errorf("@relation names no relationship type")
	}
	for _, n := range names {
		s, _ := n.(string)
		r.types = append(r.types, kg.RelationshipType(s))
	}
	if err := kg.CheckRelTypes(r.types); err != nil {
		return r, fmt.Errorf("@relation: %w", err)
	}
	switch arg("direction") {
	case "OUTGOING":
		r.dir = kg.Outgoing
	case "INCOMING":
		r.dir = kg.Incoming
	case "BOTH":
		r.dir = kg.Both
	default:
		return r, fmt.Errorf("@relation has no direction")
	}
	others, _ := arg("otherTypes").([]any)
	for _, o := range others {
		s, _ := o.(string)
		if s == "" {
			return r, fmt.Errorf("@relation: an empty entity type")
		}
		t := model.KGType(model.EntityType(s))
		if !t.Valid() {
			return r, fmt.Errorf("@relation: unknown entity type %q", s)
		}
		r.other = append(r.other, t)
	}
	for _, t := range r.types {
		rt, _ := kg.LookupRelType(t)
		if len(otherEnds(rt, owner, r.dir)) == 0 {
			return r, fmt.Errorf("@relation: a %s relationship never has a %s at its %s end", t, owner, side(r.dir))
		}
	}
	for _, o := range r.other {
		if !slices.ContainsFunc(r.types, func(t kg.RelationshipType) bool {
			rt, _ := kg.LookupRelType(t)
			return slices.Contains(otherEnds(rt, owner, r.dir), o)
		}) {
			return r, fmt.Errorf("@relation: no %v relationship of a %s reaches a %s", r.types, owner, o)
		}
	}
	return r, nil
}

// otherEnds returns the entity types that a relationship of type rt can have at its other end, seen
// from an entity of type owner in direction dir; none when owner cannot be at this end.
func otherEnds(rt kg.RelType, owner kg.EntityType, dir kg.Direction) []kg.EntityType {
	var out []kg.EntityType
	if dir != kg.Incoming && slices.Contains(rt.From, owner) {
		out = append(out, rt.To...)
	}
	if dir != kg.Outgoing && slices.Contains(rt.To, owner) {
		out = append(out, rt.From...)
	}
	return out
}

func side(dir kg.Direction) string {
	switch dir {
	case kg.Outgoing:
		return "start"
	case kg.Incoming:
		return "end"
	}
	return "either"
}

// overlap reports whether two relations of fields of the entity type owner can return the same
// relationship: a common type, in a common direction, to a common type of other end.
func overlap(owner kg.EntityType, a, b relation) bool {
	if a.dir != b.dir && a.dir != kg.Both && b.dir != kg.Both {
		return false
	}
	dir := a.dir
	if dir == kg.Both {
		dir = b.dir
	}
	for _, t := range a.types {
		if !slices.Contains(b.types, t) {
			continue
		}
		rt, _ := kg.LookupRelType(t)
		for _, o := range otherEnds(rt, owner, dir) {
			if (len(a.other) == 0 || slices.Contains(a.other, o)) && (len(b.other) == 0 || slices.Contains(b.other, o)) {
				return true
			}
		}
	}
	return false
}

// TypedConnection is a typed connection field of the schema and the relationships that its
// @relation directive says it follows.
type TypedConnection struct {
	// Type is the entity type whose field it is; Field is the field's name.
	Type  kg.EntityType
	Field string
	// Query holds the relationship types, the direction and the other-end types; no page.
	Query kg.RelQuery
}

// TypedConnections returns every typed connection field of the schema, by type, then field.
func TypedConnections() []TypedConnection {
	var out []TypedConnection
	for _, t := range kg.EntityTypes {
		fields := relations[string(t)]
		for _, f := range slices.Sorted(maps.Keys(fields)) {
			out = append(out, TypedConnection{Type: t, Field: f, Query: fields[f].query()})
		}
	}
	return out
}
