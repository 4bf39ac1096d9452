// Package kgtest builds graphs for tests of the stores and the API: graphs shaped to make a
// search work hard, with answers known without running one.
package kgtest

import (
	"context"
	"fmt"
	"slices"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Trap returns a graph where a path search between "from" and "to" has to weigh millions of
// partial paths: from is linked to each of n organizations, which are all partners of each
// other, and each of which presented at one session that "to" presented at too. Every path from
// "from" to "to" goes through the session, a detour that costs more than wandering among the
// partners for as many hops as are allowed, so the search meets every such wander first.
func Trap(n int) ([]kg.Entity, []kg.Relationship) {
	ents := []kg.Entity{
		{ID: "from", Type: kg.Organization, Name: kg.Text{FR: "départ", EN: "start"}},
		{ID: "to", Type: kg.Organization, Name: kg.Text{FR: "arrivée", EN: "end"}},
		{ID: "session", Type: kg.Session, Name: kg.Text{FR: "séance", EN: "session"}},
	}
	var rels []kg.Relationship
	rels = append(rels, kg.Relationship{Type: "PRESENTED_AT", From: "to", To: "session"})
	for i := range n {
		id := fmt.Sprintf("org-%03d", i)
		ents = append(ents, kg.Entity{ID: id, Type: kg.Organization, Name: kg.Text{FR: "organisme " + id, EN: "organization " + id}})
		rels = append(rels,
			kg.Relationship{Type: "PARTNERS_WITH", From: "from", To: id},
			kg.Relationship{Type: "PRESENTED_AT", From: id, To: "session"})
		for j := range i {
			rels = append(rels, kg.Relationship{Type: "PARTNERS_WITH", From: fmt.Sprintf("org-%03d", j), To: id})
		}
	}
	return ents, rels
}

// Adjacency returns a kg.AdjacencyFunc over ents and rels, and counts in calls the times it is
// called.
func Adjacency(ents []kg.Entity, rels []kg.Relationship, calls *int) kg.AdjacencyFunc {
	byID := map[string]kg.Entity{}
	for _, e := range ents {
		byID[e.ID] = e
	}
	return func(ctx context.Context, ids []string, types []kg.RelationshipType) (map[string][]kg.Neighbor, error) {
		*calls++
		out := map[string][]kg.Neighbor{}
		for _, id := range ids {
			for _, r := range rels {
				if len(types) > 0 && !slices.Contains(types, r.Type) {
					continue
				}
				if r.From == id {
					out[id] = append(out[id], kg.Neighbor{Rel: r, Other: byID[r.To]})
				} else if r.To == id {
					out[id] = append(out[id], kg.Neighbor{Rel: r, Other: byID[r.From]})
				}
			}
		}
		return out, ctx.Err()
	}
}
