package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Facts implements kg.Store.
func (s *Store) Facts(ctx context.Context, q kg.FactQuery) (kg.EntityPage, error) {
	if err := kg.CheckFactQuery(q); err != nil {
		return kg.EntityPage{}, err
	}
	about, err := kg.Narrower(ctx, q.About, q.IncludeNarrower, s.adjacency)
	if err != nil {
		return kg.EntityPage{}, err
	}
	linked := func(id string, typ kg.RelationshipType, ids []string) bool {
		if len(ids) == 0 {
			return true
		}
		for _, a := range s.adj[s.index[id]] {
			if r := s.rels[a.rel]; a.outgoing && r.Type == typ && slices.Contains(ids, r.To) {
				return true
			}
		}
		return false
	}
	var list []*kg.Entity
	for i := range s.entities {
		e := &s.entities[i]
		id := e.ID
		if e.Type == kg.Fact && (len(q.Units) == 0 || slices.Contains(q.Units, e.Unit)) && (len(q.Kinds) == 0 || slices.Contains(q.Kinds, e.Kind)) &&
			strings.Contains(e.Period, q.Period) && linked(id, "ABOUT", about) && linked(id, "DISCUSSED_IN", q.Sessions) {
			list = append(list, e)
		}
	}
	slices.SortStableFunc(list, func(a, b *kg.Entity) int { return kg.CompareEntities(a, b, q.OrderBy, q.Descending) })
	start, end, hasMore := kg.Window(len(list), q.Page)
	page := kg.EntityPage{HasMore: hasMore, Total: len(list)}
	for _, e := range list[start:end] {
		page.Entities = append(page.Entities, *e)
	}
	return page, ctx.Err()
}
