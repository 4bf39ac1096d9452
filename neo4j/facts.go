package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/drugwatch/roundtable-kg/kg"
)

var stmtFacts = load("facts.cypher")

// Facts implements kg.Store: the narrower subjects are walked with the neighbours statement, then
// one statement filters, sorts, counts and cuts the figures, in one read transaction.
func (s *Store) Facts(ctx context.Context, q kg.FactQuery) (kg.EntityPage, error) {
	if err := kg.CheckFactQuery(q); err != nil {
		return kg.EntityPage{}, err
	}
	var page kg.EntityPage
	err := s.readTx(ctx, "facts", func(run runFunc) error {
		about, err := kg.Narrower(ctx, q.About, q.IncludeNarrower, adjacency(run))
		if err != nil {
			return err
		}
		params := map[string]any{
			"about": strs(about), "units": strs(q.Units), "kinds": strs(q.Kinds), "sessions": strs(q.Sessions), "period": q.Period,
			"qualifiers": strs(q.Qualifiers), "measures": strs(q.Measures),
			"orderBy": string(q.OrderBy), "descending": q.Descending,
			"offset": int64(q.Offset), "limit": int64(q.Limit),
		}
		st, err := withFilter(stmtFacts, anchorFacts, "f", q.Where, params)
		if err != nil {
			return err
		}
		rec, err := run.one("facts", st, params)
		if err != nil {
			return err
		}
		units, err := unitsOf(rec)
		if err != nil {
			return err
		}
		if err := kg.CheckUnits(q.OrderBy, units); err != nil {
			return err
		}
		total, err := value[int64](rec, "total")
		if err != nil {
			return err
		}
		list, err := value[[]any](rec, "page")
		if err != nil {
			return err
		}
		start, end, hasMore := kg.Window(int(total), q.Page)
		page = kg.EntityPage{Total: int(total), HasMore: hasMore}
		if len(list) != end-start {
			return decodeErr("facts", "page of %d, want %d", len(list), end-start)
		}
		for _, raw := range list {
			node, ok := raw.(dbtype.Node)
			if !ok {
				return decodeErr("facts", "page holds a %T, want a node", raw)
			}
			e, err := entityFromNode(node)
			if err != nil {
				return err
			}
			page.Entities = append(page.Entities, e)
		}
		return nil
	})
	if err != nil {
		return kg.EntityPage{}, err
	}
	return page, ctx.Err()
}
