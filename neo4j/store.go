package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/drugwatch/roundtable-kg/kg"
)

// unique returns the distinct ids in their first order, never nil.
func unique(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// strs returns list, or an empty list for nil: in Cypher, size(null) is null, not 0.
func strs(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func typeNames(types []kg.EntityType) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = string(t)
	}
	return out
}

// entitiesByID reads the entities with the given ids, by id.
func entitiesByID(run runFunc, ids []string) (map[string]kg.Entity, error) {
	out := map[string]kg.Entity{}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := run(stmtEntitiesByID, map[string]any{"ids": unique(ids)})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		e, err := entityColumn(rec, "n")
		if err != nil {
			return nil, err
		}
		out[e.ID] = e
	}
	return out, nil
}

// EntitiesByID implements kg.Store with one query for all the ids.
func (s *Store) EntitiesByID(ctx context.Context, ids []string) ([]*kg.Entity, error) {
	if len(ids) == 0 {
		return make([]*kg.Entity, 0), ctx.Err()
	}
	var out []*kg.Entity
	err := s.readTx(ctx, "entities by id", func(run runFunc) error {
		var err error
		out, err = entitiesInOrder(run, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// entitiesInOrder reads the entities with the given ids, one per id in order, nil for a missing
// one.
func entitiesInOrder(run runFunc, ids []string) ([]*kg.Entity, error) {
	out := make([]*kg.Entity, len(ids))
	byID, err := entitiesByID(run, ids)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if e, ok := byID[id]; ok {
			c := e.Clone()
			out[i] = &c
		}
	}
	return out, nil
}

// Entities implements kg.Store. The page is sorted and cut in Cypher; it asks for one entity more
// than the page to learn whether more follow, and counts only when asked to.
func (s *Store) Entities(ctx context.Context, q kg.EntityQuery) (kg.EntityPage, error) {
	if err := kg.CheckEntityQuery(q); err != nil {
		return kg.EntityPage{}, err
	}
	var page kg.EntityPage
	err := s.readTx(ctx, "entities", func(run runFunc) error {
		var err error
		page, err = entitiesPage(run, q)
		return err
	})
	if err != nil {
		return kg.EntityPage{}, err
	}
	return page, ctx.Err()
}

// entitiesPage reads the page of entities q selects, and counts them when q asks.
func entitiesPage(run runFunc, q kg.EntityQuery) (kg.EntityPage, error) {
	filters := map[string]any{"types": typeNames(q.Types), "categories": strs(q.Categories)}
	params := map[string]any{
		"orderBy":        string(q.OrderBy),
		"descending":     q.Descending,
		"numberLast":     int64(kg.NumberLast),
		"degreeExcludes": kg.RelationshipTypeNames(q.DegreeExcludes),
		"offset":         int64(q.Offset),
		"limit":          int64(q.Limit) + 1,
	}
	for k, v := range filters {
		params[k] = v
	}
	var page kg.EntityPage
	if q.OrderBy == kg.OrderByValue {
		st, err := withFilter(stmtEntitiesUnits, anchorEntitiesUnits, "n", q.Where, filters)
		if err != nil {
			return page, err
		}
		recs, err := run(st, filters)
		if err != nil {
			return page, err
		}
		if len(recs) != 1 {
			return page, decodeErr("entity units", "%d rows, want 1", len(recs))
		}
		units, err := unitsOf(recs[0])
		if err != nil {
			return page, err
		}
		if err := kg.CheckUnits(q.OrderBy, units); err != nil {
			return page, err
		}
	}
	st, err := withFilter(stmtEntities, anchorEntities, "n", q.Where, params)
	if err != nil {
		return page, err
	}
	recs, err := run(st, params)
	if err != nil {
		return page, err
	}
	if len(recs) > q.Limit {
		page.HasMore = true
		recs = recs[:q.Limit]
	}
	for _, rec := range recs {
		e, err := entityColumn(rec, "n")
		if err != nil {
			return page, err
		}
		page.Entities = append(page.Entities, e)
	}
	if !q.WantTotal {
		return page, nil
	}
	if st, err = withFilter(stmtEntitiesCount, anchorEntitiesCount, "n", q.Where, filters); err != nil {
		return page, err
	}
	recs, err = run(st, filters)
	if err != nil {
		return page, err
	}
	if len(recs) != 1 {
		return page, decodeErr("entity count", "%d rows, want 1", len(recs))
	}
	total, err := value[int64](recs[0], "total")
	page.Total = int(total)
	return page, err
}

// Relationships implements kg.Store with one query for all the ids: Cypher sorts each entity's
// relationships, counts them and cuts the page.
func (s *Store) Relationships(ctx context.Context, ids []string, q kg.RelQuery) ([]kg.RelPage, error) {
	if err := kg.CheckRelQuery(q); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return make([]kg.RelPage, 0), ctx.Err()
	}
	var out []kg.RelPage
	err := s.readTx(ctx, "relationships", func(run runFunc) error {
		var err error
		out, err = relationships(run, ids, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// relationships reads one page of relationships per id, in order; an unknown id has an empty
// page.
func relationships(run runFunc, ids []string, q kg.RelQuery) ([]kg.RelPage, error) {
	out := make([]kg.RelPage, len(ids))
	params := map[string]any{
		"ids":        unique(ids),
		"types":      kg.RelationshipTypeNames(q.Types),
		"otherTypes": typeNames(q.OtherTypes),
		"direction":  q.Direction.String(),
		"offset":     int64(q.Offset),
		"limit":      int64(q.Limit),
	}
	st, err := withFilter(stmtRelationships, anchorRelationships, "m", q.Where, params)
	if err != nil {
		return nil, err
	}
	recs, err := run(st, params)
	if err != nil {
		return nil, err
	}
	byID := map[string]kg.RelPage{}
	for _, rec := range recs {
		id, err := value[string](rec, "id")
		if err != nil {
			return nil, err
		}
		total, err := value[int64](rec, "total")
		if err != nil {
			return nil, err
		}
		list, err := value[[]any](rec, "page")
		if err != nil {
			return nil, err
		}
		start, end, hasMore := kg.Window(int(total), q.Page)
		if len(list) != end-start {
			return nil, decodeErr("relationships of "+id, "page of %d, want %d", len(list), end-start)
		}
		page := kg.RelPage{HasMore: hasMore, Total: int(total)}
		for _, raw := range list {
			r, err := relFromMap(raw)
			if err != nil {
				return nil, err
			}
			page.Relationships = append(page.Relationships, r)
		}
		byID[id] = page
	}
	for i, id := range ids {
		page := byID[id]
		var rels []kg.Relationship
		for _, r := range page.Relationships {
			r.Evidence = slices.Clone(r.Evidence)
			rels = append(rels, r)
		}
		page.Relationships = rels
		out[i] = page
	}
	return out, nil
}

// Search implements kg.Store. The full-text index finds the candidates (see fulltextQuery); they
// are scored with kg.Matcher and ranked with kg.RankSearch, so the ranking is the embedded
// store's. Candidates of every type are read, for the facets; the type filters apply after.
func (s *Store) Search(ctx context.Context, q kg.SearchQuery) (kg.SearchPage, error) {
	if _, err := kg.CheckSearchQuery(q); err != nil {
		return kg.SearchPage{}, err
	}
	m := kg.NewMatcher(q.Text)
	var err error
	var recs []*neo4j.Record
	if lucene := fulltextQuery(m); lucene != "" {
		recs, err = s.query(ctx, "search", stmtSearch, map[string]any{"index": FulltextIndex, "query": lucene, "types": []string{}})
	} else {
		recs, err = s.query(ctx, "search", stmtSearchAll, map[string]any{"types": []string{}})
	}
	if err != nil {
		return kg.SearchPage{}, err
	}
	var hits []kg.SearchHit
	for _, rec := range recs {
		e, err := entityColumn(rec, "node")
		if err != nil {
			return kg.SearchPage{}, err
		}
		if score, field, lang := m.Score(kg.NewSearchDoc(e)); score > 0 {
			hits = append(hits, kg.SearchHit{Entity: e, Score: score, Field: field, Language: lang})
		}
	}
	return kg.RankSearch(q, hits), ctx.Err()
}

// neighbor is one relationship of an entity seen from that entity, with the entity at the other end.
type neighbor struct {
	rel   kg.Relationship
	other kg.Entity
}

// Neighborhood implements kg.Store with kg.Walk: one query per level fetches the relationships of
// the whole frontier in adjacency order, with the ids of the other ends only, and one more reads
// the nodes kept, at the end, all in one read transaction.
func (s *Store) Neighborhood(ctx context.Context, id string, q kg.NeighborhoodQuery) (kg.Subgraph, error) {
	if err := kg.CheckNeighborhoodQuery(q); err != nil {
		return kg.Subgraph{}, err
	}
	var (
		sub  kg.Subgraph
		over error
	)
	err := s.readTx(ctx, "neighborhood", func(run runFunc) error {
		centre, err := entitiesByID(run, []string{id})
		if err != nil {
			return err
		}
		c, ok := centre[id]
		if !ok {
			return kg.Errorf(kg.ErrNotFound, "entity %q", id)
		}
		// The walk names relationships by key; rels keeps what each key names.
		rels := map[string]kg.Relationship{}
		hops := func(ctx context.Context, frontier []string, types []kg.RelationshipType) ([][]kg.Hop[string, string], error) {
			adj, err := neighborIDs(run, frontier, types)
			if err != nil {
				return nil, err
			}
			out := make([][]kg.Hop[string, string], len(frontier))
			for i, from := range frontier {
				for _, a := range adj[from] {
					k := a.rel.Key()
					rels[k] = a.rel
					out[i] = append(out[i], kg.Hop[string, string]{Rel: k, Other: a.other})
				}
			}
			return out, ctx.Err()
		}
		w, err := kg.Walk(ctx, id, q, hops)
		if err := keepPartial(err, &over); err != nil {
			return err
		}
		nodes, err := endpoints(run, w.Nodes[1:])
		if err != nil {
			return err
		}
		sub = kg.Subgraph{Nodes: append([]kg.Entity{c}, nodes...), Truncated: w.Truncated}
		for _, k := range w.Relationships {
			sub.Relationships = append(sub.Relationships, rels[k])
		}
		return nil
	})
	if err != nil {
		return kg.Subgraph{}, err
	}
	return sub, cmp.Or(over, ctx.Err())
}

// neighborID is one relationship of an entity seen from that entity, with the id of the entity at
// the other end.
type neighborID struct {
	rel   kg.Relationship
	other string
}

// neighborIDs is neighbors with the other ends' ids only.
func neighborIDs(run runFunc, ids []string, types []kg.RelationshipType) (map[string][]neighborID, error) {
	recs, err := run(stmtNeighborIDs, map[string]any{"ids": ids, "types": kg.RelationshipTypeNames(types)})
	if err != nil {
		return nil, err
	}
	out := map[string][]neighborID{}
	for _, rec := range recs {
		var cols [4]string
		for i, name := range []string{"id", "from", "to", "other"} {
			if cols[i], err = value[string](rec, name); err != nil {
				return nil, err
			}
		}
		r, err := value[dbtype.Relationship](rec, "r")
		if err != nil {
			return nil, err
		}
		rel, err := relFromDB(r, cols[1], cols[2])
		if err != nil {
			return nil, err
		}
		out[cols[0]] = append(out[cols[0]], neighborID{rel: rel, other: cols[3]})
	}
	return out, nil
}

// neighbors returns the adjacency list of each entity in ids, filtered by relationship type, in
// the embedded store's order: type, then the other end's id, outgoing first.
func neighbors(run runFunc, ids []string, types []kg.RelationshipType) (map[string][]neighbor, error) {
	recs, err := run(stmtNeighbors, map[string]any{"ids": ids, "types": kg.RelationshipTypeNames(types)})
	if err != nil {
		return nil, err
	}
	out := map[string][]neighbor{}
	for _, rec := range recs {
		id, err := value[string](rec, "id")
		if err != nil {
			return nil, err
		}
		r, err := value[dbtype.Relationship](rec, "r")
		if err != nil {
			return nil, err
		}
		from, err := value[string](rec, "from")
		if err != nil {
			return nil, err
		}
		to, err := value[string](rec, "to")
		if err != nil {
			return nil, err
		}
		rel, err := relFromDB(r, from, to)
		if err != nil {
			return nil, err
		}
		other, err := entityColumn(rec, "m")
		if err != nil {
			return nil, err
		}
		out[id] = append(out[id], neighbor{rel: rel, other: other})
	}
	return out, nil
}

// ShortestPath implements kg.Store. Cypher finds all the shortest paths and keeps the one the
// embedded store's breadth-first search would find (see shortest-path.cypher).
func (s *Store) ShortestPath(ctx context.Context, from, to string, q kg.PathQuery) (*kg.Path, error) {
	if err := kg.CheckPathQuery(q); err != nil {
		return nil, err
	}
	if from == to {
		// Neo4j refuses a shortest path from a node to itself; the answer is that node alone.
		ents, err := s.EntitiesByID(ctx, []string{from})
		if err != nil {
			return nil, err
		}
		if ents[0] == nil {
			return nil, kg.Errorf(kg.ErrNotFound, "entity %q", from)
		}
		return &kg.Path{Nodes: []kg.Entity{*ents[0]}}, ctx.Err()
	}
	st, params := stmtShortestPath[q.MaxHops], map[string]any{"from": from, "to": to}
	if len(q.Types) > 0 {
		st, params["types"] = stmtShortestPathTyped[q.MaxHops], kg.RelationshipTypeNames(q.Types)
	}
	recs, err := s.query(ctx, "shortest path", st, params)
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, decodeErr("shortest path", "%d rows, want 1", len(recs))
	}
	for _, end := range []struct{ id, column string }{{from, "fromFound"}, {to, "toFound"}} {
		found, err := value[bool](recs[0], end.column)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, kg.Errorf(kg.ErrNotFound, "entity %q", end.id)
		}
	}
	p, isNil, err := neo4j.GetRecordValue[dbtype.Path](recs[0], "path")
	if err != nil {
		return nil, decodeErr("column path", "%v", err)
	}
	if isNil {
		return nil, ctx.Err()
	}
	path, err := pathFromDB(p)
	if err != nil {
		return nil, err
	}
	if path.Nodes[0].ID != from || path.Nodes[len(path.Nodes)-1].ID != to || len(path.Relationships) > q.MaxHops {
		return nil, decodeErr("shortest path", "path from %s to %s of %d hops, asked from %s to %s in at most %d",
			path.Nodes[0].ID, path.Nodes[len(path.Nodes)-1].ID, len(path.Relationships), from, to, q.MaxHops)
	}
	return path, ctx.Err()
}

// Stats implements kg.Store with one query.
func (s *Store) Stats(ctx context.Context) (kg.Stats, error) {
	recs, err := s.query(ctx, "stats", stmtStats, map[string]any{})
	if err != nil {
		return kg.Stats{}, err
	}
	st := kg.Stats{Entities: map[kg.EntityType]int{}, Relationships: map[kg.RelationshipType]int{}}
	for _, rec := range recs {
		kind, err := value[string](rec, "kind")
		if err != nil {
			return kg.Stats{}, err
		}
		name, err := value[string](rec, "name")
		if err != nil {
			return kg.Stats{}, err
		}
		count, err := value[int64](rec, "count")
		if err != nil {
			return kg.Stats{}, err
		}
		evidence, err := value[int64](rec, "evidence")
		if err != nil {
			return kg.Stats{}, err
		}
		switch kind {
		case "entity":
			st.Entities[kg.EntityType(name)] += int(count)
		case "relationship":
			st.Relationships[kg.RelationshipType(name)] += int(count)
		default:
			return kg.Stats{}, decodeErr("stats", "unknown kind %q", kind)
		}
		st.Evidence += int(evidence)
	}
	return st, ctx.Err()
}

// DataVersion implements kg.Store: the version that the seed scripts recorded.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	recs, err := s.query(ctx, "data version", stmtVersion, map[string]any{"id": GraphMetaID})
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return "", fmt.Errorf("neo4j: data version: %s (%s) is not seeded (run the seed command): %w", s.uri, s.database, kg.ErrUnavailable)
	}
	v, err := value[string](recs[0], "version")
	if err != nil {
		return "", err
	}
	return v, ctx.Err()
}

// Ready implements kg.Store: the server answers a read on the configured database, and the
// database is seeded. A lost server makes it fail within the query timeout; it succeeds again as
// soon as the driver can reconnect.
func (s *Store) Ready(ctx context.Context) error {
	_, err := s.DataVersion(ctx)
	return err
}
