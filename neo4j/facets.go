package neo4j

import (
	"context"

	"github.com/drugwatch/roundtable-kg/kg"
)

var stmtFacets = load("facets.cypher")

// Facets implements kg.Store with one query that counts entities per type and category.
func (s *Store) Facets(ctx context.Context) (kg.Facets, error) {
	recs, err := s.query(ctx, "facets", stmtFacets, map[string]any{})
	if err != nil {
		return kg.Facets{}, err
	}
	fc := kg.FacetCounts{}
	for _, rec := range recs {
		typ, err := value[string](rec, "type")
		if err != nil {
			return kg.Facets{}, err
		}
		cat, err := value[string](rec, "category")
		if err != nil {
			return kg.Facets{}, err
		}
		n, err := value[int64](rec, "count")
		if err != nil {
			return kg.Facets{}, err
		}
		if !kg.EntityType(typ).Valid() {
			return kg.Facets{}, decodeErr("facets", "unknown entity type %q", typ)
		}
		fc.Add(kg.EntityType(typ), cat, int(n))
	}
	return fc.Facets(), ctx.Err()
}
