// Package graph is the GraphQL adapter: gqlgen's generated executor, thin resolvers that translate
// arguments into store queries, the dataloaders that batch store calls, and the error presenter.
package graph

//go:generate go tool gqlgen generate

import "github.com/drugwatch/roundtable-kg/kg"

// Resolver is the root resolver; it holds the store that every request reads from.
type Resolver struct {
	Store kg.Store
	// NoPlans turns the planner off: every connection is loaded by its resolver, even from a
	// store that reads plans (kg.PlanReader).
	NoPlans bool
}
