package graph

import (
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// impliedDirectives are the directives every GraphQL schema has without declaring them.
var impliedDirectives = []string{"skip", "include", "deprecated", "specifiedBy", "oneOf"}

// BuiltinDirectivesSDL returns the declarations of the directives the executor supports beyond
// those every schema implies (@defer), which introspection lists but the schema file does not
// declare, so that a schema served from the file says all that introspection does.
func BuiltinDirectivesSDL() string {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	var list ast.DirectiveDefinitionList
	for name, d := range schema.Directives {
		if d.Position != nil && d.Position.Src != nil && d.Position.Src.BuiltIn && !slices.Contains(impliedDirectives, name) {
			d := *d
			d.Position = nil
			list = append(list, &d)
		}
	}
	slices.SortFunc(list, func(a, b *ast.DirectiveDefinition) int { return strings.Compare(a.Name, b.Name) })
	var b strings.Builder
	formatter.NewFormatter(&b).FormatSchemaDocument(&ast.SchemaDocument{Directives: list})
	return b.String()
}
