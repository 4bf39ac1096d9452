package main

import _ "embed"

// schema is the GraphQL schema, served at /schema.graphql for client code generators.
//
//go:embed schema.graphqls
var schema []byte
