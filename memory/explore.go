package memory

import (
	"context"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Facets implements kg.Store.
func (s *Store) Facets(ctx context.Context) (kg.Facets, error) {
	g := s.graph()
	list := make([]*kg.Entity, 0, len(g.ids))
	for _, id := range g.ids {
		list = append(list, g.entities[id])
	}
	return kg.CountFacets(list), ctx.Err()
}
