package memory

import (
	"context"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Facets implements kg.Store.
func (s *Store) Facets(ctx context.Context) (kg.Facets, error) {
	list := make([]*kg.Entity, len(s.entities))
	for i := range s.entities {
		list[i] = &s.entities[i]
	}
	return kg.CountFacets(list), ctx.Err()
}
