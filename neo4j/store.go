package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"math"
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

// inIDOrder reports whether q's page is in ascending id order, which entities-id.cypher reads
// from the :Entity(id) index in order, where entities.cypher sorts every entity selected.
func inIDOrder(q kg.EntityQuery) bool {
	return q.OrderBy == kg.OrderByID && !q.Descending
}

// entitiesPage reads the page of entities q selects, and counts them when q asks.
func entitiesPage(run runFunc, q kg.EntityQuery) (kg.EntityPage, error) {
	filters := map[string]any{"types": typeNames(q.Types), "categories": strs(q.Categories)}
	params := map[string]any{"offset": int64(q.Offset), "limit": int64(q.Limit) + 1}
	for k, v := range filters {
		params[k] = v
	}
	stmt := stmtEntitiesID
	if !inIDOrder(q) {
		stmt = stmtEntities
		params["orderBy"] = string(q.OrderBy)
		params["descending"] = q.Descending
		params["numberLast"] = int64(kg.NumberLast)
		params["degreeExcludes"] = kg.RelationshipTypeNames(q.DegreeExcludes)
	}
	var page kg.EntityPage
	if q.OrderBy == kg.OrderByValue {
		st, err := withFilter(stmtEntitiesUnits, anchorEntitiesUnits, "n", q.Where, filters)
		if err != nil {
			return page, err
		}
		rec, err := run.one("entity units", st, filters)
		if err != nil {
			return page, err
		}
		units, err := unitsOf(rec)
		if err != nil {
			return page, err
		}
		if err := kg.CheckUnits(q.OrderBy, units); err != nil {
			return page, err
		}
	}
	st, err := withFilter(stmt, anchorEntities, "n", q.Where, params)
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
	rec, err := run.one("entity count", st, filters)
	if err != nil {
		return page, err
	}
	total, err := value[int64](rec, "total")
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

// Search implements kg.Store. The full-text index finds the candidates (see fulltextQuery), of
// the types asked for, best first in its own order; they are read with only what kg.Matcher
// scores (search.cypher), scored and ranked with kg.RankCandidates, as on the embedded store, and
// the page's hits are read whole at the end, in the same transaction: two statements. Candidates
// are read until more than kg.SearchReadTarget of them score (the count is then "at least" and
// the page ranks those) or none is left (the count is exact and the page is the embedded
// store's). Facets (q.WantFacets) need every hit of every type: then every candidate is read.
func (s *Store) Search(ctx context.Context, q kg.SearchQuery) (kg.SearchPage, error) {
	if _, err := kg.CheckSearchQuery(q); err != nil {
		return kg.SearchPage{}, err
	}
	m := kg.NewMatcher(q.Text)
	var page kg.SearchPage
	err := s.readTx(ctx, "search", func(run runFunc) error {
		cands, err := searchCandidates(ctx, run, m, q)
		if err != nil {
			return err
		}
		page = kg.RankCandidates(q, cands)
		ids := make([]string, len(page.Hits))
		for i, h := range page.Hits {
			ids[i] = h.Entity.ID
		}
		whole, err := entitiesByID(run, ids)
		if err != nil {
			return err
		}
		for i, h := range page.Hits {
			e, ok := whole[h.Entity.ID]
			if !ok {
				return decodeErr("search", "hit %q not found when read whole", h.Entity.ID)
			}
			page.Hits[i].Entity = e
		}
		return nil
	})
	if err != nil {
		return kg.SearchPage{}, err
	}
	return page, ctx.Err()
}

// searchCandidates reads the candidates of a search that score above zero, with only the
// properties kg.Matcher reads: all of them when q asks for facets, otherwise those of the types q
// asks for, in the index's order, until more than kg.SearchReadTarget(q) score or none is left.
// When too few of the first candidates score, it reads again from the first, twice as many: the
// index orders equal scores differently for different limits, so reading on from where the
// previous read stopped could skip a candidate or count one twice.
func searchCandidates(ctx context.Context, run runFunc, m kg.Matcher, q kg.SearchQuery) ([]kg.Candidate, error) {
	target, filtered := kg.SearchReadTarget(q), !q.WantFacets
	types, exclude := []string{}, []string{}
	if filtered {
		types, exclude = typeNames(q.Types), typeNames(q.ExcludeTypes)
	}
	st, params := stmtSearchAll, map[string]any{"types": types, "excludeTypes": exclude}
	lucene := fulltextQuery(m)
	if lucene != "" {
		st, params["index"], params["query"] = stmtSearch, FulltextIndex, lucene
	}
	limit := math.MaxInt32
	if filtered {
		limit = target
	}
	for {
		params["limit"] = int64(limit)
		if lucene != "" {
			params["options"] = map[string]any{}
			if filtered && len(types) == 0 && len(exclude) == 0 {
				params["options"] = map[string]any{"limit": int64(limit)}
			}
		}
		recs, err := run(st, params)
		if err != nil {
			return nil, err
		}
		// One lexicon for the read, as the embedded store keeps one for the graph: each distinct
		// word is folded, stemmed and matched against the query once (Matcher.Prepare).
		lex := kg.NewLexicon()
		ents := make([]kg.Entity, len(recs))
		docs := make([]kg.SearchDoc, len(recs))
		for i, rec := range recs {
			raw, err := value[map[string]any](rec, "node")
			if err != nil {
				return nil, err
			}
			if ents[i], err = entityFromProps("search candidate", raw, true); err != nil {
				return nil, err
			}
			docs[i] = lex.Doc(ents[i])
		}
		m.Prepare(lex)
		var cands []kg.Candidate
		for i := range ents {
			if score, field, lang := m.Score(docs[i]); score > 0 {
				cands = append(cands, kg.Candidate{Entity: &ents[i], Score: score, Field: field, Language: lang})
			}
		}
		if len(recs) < limit || len(cands) >= target {
			return cands, ctx.Err()
		}
		limit = min(2*limit, math.MaxInt32)
	}
}

// neighbor is one relationship of an entity seen from that entity, with the entity at the other end.
type neighbor struct {
	rel   kg.Relationship
	other kg.Entity
}

// Neighborhood implements kg.Store with kg.Walk: one statement per level (neighbor-level.cypher)
// reads, of the relationships of the whole frontier, only those the walk keeps, with the new
// entities kept; the first also reads the centre. A neighbourhood of depth d costs d statements
// (one for depth 0), in one read transaction, unless a level's frontier holds a hub (an entity
// of more relationships than hubThreshold): that statement then expands nothing and names the
// hubs, and the level is walked again by the hub path (hubLevel), a few statements more.
func (s *Store) Neighborhood(ctx context.Context, id string, q kg.NeighborhoodQuery) (kg.Subgraph, error) {
	if err := kg.CheckNeighborhoodQuery(q); err != nil {
		return kg.Subgraph{}, err
	}
	var (
		sub  kg.Subgraph
		over error
	)
	err := s.readTx(ctx, "neighborhood", func(run runFunc) error {
		var err error
		sub, over, err = s.neighborhood(ctx, run, id, q)
		return err
	})
	if err != nil {
		return kg.Subgraph{}, err
	}
	return sub, cmp.Or(over, ctx.Err())
}

// neighborhood walks the neighbourhood of id with run. A walk over its budget returns what it
// kept and the budget's error apart (over).
func (s *Store) neighborhood(ctx context.Context, run runFunc, id string, q kg.NeighborhoodQuery) (sub kg.Subgraph, over error, err error) {
	light := lightReads{
		nodes: q.Project && q.Nodes&^(kg.PropNameEN|kg.PropNameFR) == 0,
		rels:  q.Project && q.Rels == 0,
	}
	nodes := map[string]kg.Entity{}
	if q.Depth == 0 {
		centre, err := entitiesByID(run, []string{id})
		if err != nil {
			return sub, nil, err
		}
		nodes = centre
	}
	// The walk names relationships by key; rels keeps what each key names.
	rels := map[string]kg.Relationship{}
	hops := func(ctx context.Context, l kg.Level[string]) ([][]kg.Hop[string, string], bool, error) {
		centre := ""
		if len(nodes) == 0 {
			centre = id
		}
		hubDegree := s.hubThreshold(l)
		lv, hubs, err := neighborLevel(run, centre, l, light, hubDegree)
		if err != nil {
			return nil, false, err
		}
		if lv.centre != nil {
			nodes[id] = *lv.centre
		}
		if len(nodes) == 0 {
			return nil, false, kg.Errorf(kg.ErrNotFound, "entity %q", id)
		}
		if len(hubs) > 0 {
			if lv, err = hubLevel(run, l, light, hubs, hubDegree); err != nil {
				return nil, false, err
			}
		}
		for _, e := range lv.new {
			nodes[e.ID] = e
		}
		out := make([][]kg.Hop[string, string], len(l.Frontier))
		for i, from := range l.Frontier {
			for _, a := range lv.hops[from] {
				k := a.rel.Key()
				rels[k] = a.rel
				out[i] = append(out[i], kg.Hop[string, string]{Rel: k, Other: a.other})
			}
		}
		return out, lv.more, ctx.Err()
	}
	w, err := kg.Walk(ctx, id, q, hops)
	if err := keepPartial(err, &over); err != nil {
		return sub, nil, err
	}
	if _, ok := nodes[id]; !ok {
		return sub, nil, kg.Errorf(kg.ErrNotFound, "entity %q", id)
	}
	sub = kg.Subgraph{Truncated: w.Truncated}
	for _, n := range w.Nodes {
		e, ok := nodes[n]
		if !ok {
			return kg.Subgraph{}, nil, decodeErr("neighborhood", "entity %q kept but not read", n)
		}
		sub.Nodes = append(sub.Nodes, e)
	}
	for _, k := range w.Relationships {
		sub.Relationships = append(sub.Relationships, rels[k])
	}
	return sub, over, nil
}

// neighborID is one relationship of an entity seen from that entity, with the id of the entity at
// the other end.
type neighborID struct {
	rel   kg.Relationship
	other string
}

// level is what neighbor-level.cypher read of one level of a walk.
type level struct {
	centre *kg.Entity              // the centre, when asked for and found
	new    []kg.Entity             // the entities newly kept, in the order met
	hops   map[string][]neighborID // the relationships kept, by frontier entity, in adjacency order
	more   bool                    // an entity was left out for want of room
}

// lightReads says what a walk may read of less than whole: nodes as their id, type and names;
// relationships as their type and ends.
type lightReads struct{ nodes, rels bool }

// neighborLevel reads one level of a walk, and the centre's node when centre is not empty. When
// the frontier holds entities of more than hubDegree relationships, it returns their ids and a
// level that holds only the centre.
func neighborLevel(run runFunc, centre string, l kg.Level[string], light lightReads, hubDegree int) (level, []string, error) {
	rec, err := run.one("neighborhood level", stmtNeighborLevel, map[string]any{
		"centre": centre, "ids": l.Frontier, "types": kg.RelationshipTypeNames(l.Types),
		"kept": l.Kept, "room": int64(l.Room), "lightNodes": light.nodes, "lightRels": light.rels,
		"hubDegree": int64(hubDegree),
	})
	if err != nil {
		return level{}, nil, err
	}
	var lv level
	if c, ok := rec.Get("c"); !ok {
		return level{}, nil, decodeErr("column c", "missing")
	} else if c != nil {
		e, err := nodeOrProps("column c", c)
		if err != nil {
			return level{}, nil, err
		}
		lv.centre = &e
	}
	news, err := value[[]any](rec, "new")
	if err != nil {
		return level{}, nil, err
	}
	for _, raw := range news {
		e, err := nodeOrProps("column new", raw)
		if err != nil {
			return level{}, nil, err
		}
		lv.new = append(lv.new, e)
	}
	if lv.more, err = value[bool](rec, "more"); err != nil {
		return level{}, nil, err
	}
	if lv.hops, err = hopsColumn(rec); err != nil {
		return level{}, nil, err
	}
	hubs, err := idsColumn(rec, "hubs")
	if err != nil {
		return level{}, nil, err
	}
	return lv, hubs, nil
}

// idsColumn reads a column that holds a list of ids: the hubs of neighbor-level.cypher, the
// entities found by hub-expand.cypher and hub-scan.cypher.
func idsColumn(rec *neo4j.Record, column string) ([]string, error) {
	raw, err := value[[]any](rec, column)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(raw))
	for i, r := range raw {
		id, ok := r.(string)
		if !ok {
			return nil, decodeErr("column "+column, "%T, want a string", r)
		}
		ids[i] = id
	}
	return ids, nil
}

// hopsColumn reads the column hops of neighbor-level.cypher and hub-hops.cypher: relationships
// seen from a frontier entity, by that entity's id, in the order read.
func hopsColumn(rec *neo4j.Record) (map[string][]neighborID, error) {
	hops, err := value[[]any](rec, "hops")
	if err != nil {
		return nil, err
	}
	out := map[string][]neighborID{}
	for _, raw := range hops {
		r, err := relFromMap(raw)
		if err != nil {
			return nil, err
		}
		m := raw.(map[string]any) // relFromMap checked it
		id, _ := m["id"].(string)
		other, _ := m["other"].(string)
		if id == "" || other == "" {
			return nil, decodeErr("column hops", "entry without id or other: %v", m)
		}
		out[id] = append(out[id], neighborID{rel: r, other: other})
	}
	return out, nil
}

// nodeOrProps reads an entity from a node, or from a projection of some of its properties.
func nodeOrProps(what string, raw any) (kg.Entity, error) {
	switch v := raw.(type) {
	case dbtype.Node:
		return entityFromNode(v)
	case map[string]any:
		return entityFromProps(what, v, true)
	}
	return kg.Entity{}, decodeErr(what, "%T, want a node or a map", raw)
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
	light := pathReads(q)
	st, params := stmtShortestPath[q.MaxHops], map[string]any{
		"from": from, "to": to, "project": light.rels, "lightNodes": light.nodes, "evidence": light.evidence,
	}
	if len(q.Types) > 0 {
		st, params["types"] = stmtShortestPathTyped[q.MaxHops], kg.RelationshipTypeNames(q.Types)
	}
	recs, err := s.query(ctx, "shortest path", st, params)
	if err != nil {
		return nil, err
	}
	rec, err := only("shortest path", recs)
	if err != nil {
		return nil, err
	}
	for _, end := range []struct{ id, column string }{{from, "fromFound"}, {to, "toFound"}} {
		found, err := value[bool](rec, end.column)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, kg.Errorf(kg.ErrNotFound, "entity %q", end.id)
		}
	}
	raw, ok := rec.Get("path")
	if !ok {
		return nil, decodeErr("column path", "missing")
	}
	var path *kg.Path
	switch p := raw.(type) {
	case nil:
		return nil, ctx.Err()
	case dbtype.Path:
		path, err = pathFromDB(p)
	case map[string]any:
		path, err = pathFromProjection(p, light.evidence)
	default:
		err = decodeErr("column path", "%T, want a path or a map", raw)
	}
	if err != nil {
		return nil, err
	}
	if path.Nodes[0].ID != from || path.Nodes[len(path.Nodes)-1].ID != to || len(path.Relationships) > q.MaxHops {
		return nil, decodeErr("shortest path", "path from %s to %s of %d hops, asked from %s to %s in at most %d",
			path.Nodes[0].ID, path.Nodes[len(path.Nodes)-1].ID, len(path.Relationships), from, to, q.MaxHops)
	}
	return path, ctx.Err()
}

// lightPath says what a shortest path may read of less than whole: with rels, each relationship
// as its type, its direction and the lists of evidence named in evidence; with nodes also, each
// node as its id, type and names.
type lightPath struct {
	rels, nodes bool
	evidence    []string
}

// pathReads returns what q lets a shortest path read of less than whole: nothing unless q is
// projected and reads no more of its relationships than evidence.
func pathReads(q kg.PathQuery) lightPath {
	if !q.Project || q.Rels&kg.PropAll != 0 {
		return lightPath{evidence: []string{}}
	}
	return lightPath{rels: true, nodes: q.Nodes&^kg.PropName == 0, evidence: evidenceNames(q.Rels)}
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
