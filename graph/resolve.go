package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// entity loads one entity through the request's loaders; nil when it does not exist.
func entity(ctx context.Context, id string) (model.Entity, error) {
	e, err := loadersFrom(ctx).entity(ctx, id)
	if err != nil || e == nil {
		return nil, err
	}
	return model.Wrap(e), nil
}

// ends loads the entity id and the entities at the other end of its relationships rels, in one
// call; the absence of one is an inconsistency of the store.
func ends(ctx context.Context, id string, rels []kg.Relationship) (model.Entity, []model.Entity, error) {
	ids := make([]string, len(rels)+1)
	ids[0] = id
	for i, r := range rels {
		ids[i+1], _ = otherEnd(r, id)
	}
	found, err := loadersFrom(ctx).entitiesByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	wrapped := make([]model.Entity, len(found))
	for i, e := range found {
		if e == nil {
			return nil, nil, kg.Errorf(kg.ErrNotFound, "entity %q named by a relationship", ids[i])
		}
		if i > 0 && e.ID == id {
			wrapped[i] = wrapped[0]
			continue
		}
		wrapped[i] = model.Wrap(e)
	}
	return wrapped[0], wrapped[1:], nil
}

// relPage loads the page of an entity's relationships that the Relay arguments select, through
// the request's loaders; the store checks the query.
func relPage(ctx context.Context, id string, q kg.RelQuery, first *int, after *string) (kg.RelPage, kg.Page, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return kg.RelPage{}, p, err
	}
	q.Page = p
	page, err := loadersFrom(ctx).relPage(ctx, id, q)
	return page, p, err
}

// otherEnd returns the id at the other end of r from id, and the direction r has from id.
func otherEnd(r kg.Relationship, id string) (string, model.Direction) {
	if r.From == id {
		return r.To, model.DirectionOutgoing
	}
	return r.From, model.DirectionIncoming
}

// withEnds returns r with its ends, self being the entity id and other the other end.
func withEnds(r kg.Relationship, id string, self, other model.Entity) *model.Relationship {
	if r.From == id {
		return &model.Relationship{R: r, From: self, To: other}
	}
	return &model.Relationship{R: r, From: other, To: self}
}

// connPage returns the page of a connection field of obj: the one its plan read, or one read
// with q, with the entities at both ends (self, and others in the page's order) when the
// selection reads one of the paths endPaths.
func connPage(ctx context.Context, obj model.Entity, q kg.RelQuery, first *int, after *string, endPaths [][]string) (
	page kg.RelPage, p kg.Page, self model.Entity, others []model.Entity, err error) {
	if c, pc := plannedConn(ctx, obj); pc != nil {
		return pc.Page, c.Query.Page, obj, plannedEnds(c, pc), nil
	}
	id := obj.KG().ID
	if page, p, err = relPage(ctx, id, q, first, after); err != nil || len(page.Relationships) == 0 {
		return page, p, nil, nil, err
	}
	sel := selections(ctx)
	for _, path := range endPaths {
		if selected(sel, path...) {
			self, others, err = ends(ctx, id, page.Relationships)
			return page, p, self, others, err
		}
	}
	return page, p, nil, nil, nil
}

// relationships resolves the generic relationships field of every entity type. The ends of the
// page are loaded here, in one call, when the query selects them.
func relationships(ctx context.Context, obj model.Entity, types []string, dir *model.Direction, first *int, after *string) (*model.RelationshipConnection, error) {
	id := obj.KG().ID
	page, p, self, others, err := connPage(ctx, obj, kg.RelQuery{Types: kg.RelationshipTypes(types), Direction: direction(dir)}, first, after,
		[][]string{{"edges", "other"}, {"edges", "node", "from"}, {"edges", "node", "to"}})
	if err != nil {
		return nil, err
	}
	conn := &model.RelationshipConnection{
		Edges:      make([]*model.RelationshipEdge, len(page.Relationships)),
		PageInfo:   pageInfo(p, len(page.Relationships), page.HasMore),
		TotalCount: page.Total,
	}
	for i, r := range page.Relationships {
		_, d := otherEnd(r, id)
		edge := &model.RelationshipEdge{Cursor: encodeCursor(p.Offset + i), Direction: d}
		if others != nil {
			edge.Other = others[i]
		}
		edge.Node = withEnds(r, id, self, edge.Other)
		conn.Edges[i] = edge
	}
	return conn, nil
}

// related resolves a typed relationship field of obj: the entities at the other end of the
// relationships that the field's @relation directive names, each edge carrying its relationship.
// The nodes of the page are loaded here, in one call, when the query selects them or the
// relationship's ends.
func related(ctx context.Context, obj model.Entity, where *model.EntityWhere, first *int, after *string) (*model.EntityConnection, error) {
	fc := graphql.GetFieldContext(ctx)
	spec, ok := relations[fc.Object][fc.Field.Name]
	if !ok {
		return nil, fmt.Errorf("graph: %s.%s has no @relation", fc.Object, fc.Field.Name)
	}
	filter, err := whereFilter(where)
	if err != nil {
		return nil, err
	}
	q := spec.query()
	q.Where = filter
	first = typedFirst(first)
	id := obj.KG().ID
	if spec.sessionsOnly() {
		return sessionsByNumber(ctx, obj, q, first, after)
	}
	page, p, self, others, err := connPage(ctx, obj, q, first, after,
		[][]string{{"edges", "node"}, {"edges", "relationship", "from"}, {"edges", "relationship", "to"}})
	if err != nil {
		return nil, err
	}
	conn := &model.EntityConnection{
		Edges:      make([]*model.EntityEdge, len(page.Relationships)),
		PageInfo:   pageInfo(p, len(page.Relationships), page.HasMore),
		TotalCount: page.Total,
	}
	for i, r := range page.Relationships {
		edge := &model.EntityEdge{Cursor: encodeCursor(p.Offset + i)}
		if others != nil {
			edge.Node = others[i]
		}
		edge.Relationship = withEnds(r, id, self, edge.Node)
		conn.Edges[i] = edge
	}
	return conn, nil
}

// selections returns the selection set of the field being resolved.
func selections(ctx context.Context) ast.SelectionSet {
	return graphql.GetFieldContext(ctx).Field.Selections
}

// selected reports whether sel selects the field path, one field name per level, looking through
// fragments. Directives are not evaluated: a field under @skip counts as selected.
func selected(sel ast.SelectionSet, path ...string) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == path[0] && (len(path) == 1 || selected(s.SelectionSet, path[1:]...)) {
				return true
			}
		case *ast.InlineFragment:
			if selected(s.SelectionSet, path...) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && selected(s.Definition.SelectionSet, path...) {
				return true
			}
		}
	}
	return false
}

// wantsTotal reports whether the query selects totalCount on the connection being resolved.
func wantsTotal(ctx context.Context) bool {
	return selected(selections(ctx), "totalCount")
}

// wrapAll wraps a list of entities; byID, when not nil, receives each by id.
func wrapAll(list []kg.Entity, byID map[string]model.Entity) []model.Entity {
	out := make([]model.Entity, len(list))
	for i := range list {
		out[i] = model.Wrap(&list[i])
		if byID != nil {
			byID[list[i].ID] = out[i]
		}
	}
	return out
}

// wrapRels wraps the relationships of a subgraph or path, taking their ends from nodes, which
// holds every end.
func wrapRels(list []kg.Relationship, nodes map[string]model.Entity) []*model.Relationship {
	out := make([]*model.Relationship, len(list))
	for i, r := range list {
		out[i] = &model.Relationship{R: r, From: nodes[r.From], To: nodes[r.To]}
	}
	return out
}

// wrapGraph wraps the nodes and relationships of a subgraph or path; every end of a
// relationship is among the nodes.
func wrapGraph(nodes []kg.Entity, rels []kg.Relationship) ([]model.Entity, []*model.Relationship) {
	byID := make(map[string]model.Entity, len(nodes))
	wrapped := wrapAll(nodes, byID)
	return wrapped, wrapRels(rels, byID)
}

// sessionsOnly reports whether every entity at the other end of r is a session: its other-end
// types say so, or every relationship type it follows reaches only sessions in its direction.
func (r relation) sessionsOnly() bool {
	if slices.Equal(r.other, []kg.EntityType{kg.Session}) {
		return true
	}
	if len(r.types) == 0 || r.dir == kg.Both {
		return false
	}
	for _, t := range r.types {
		i := slices.IndexFunc(kg.Vocabulary, func(v kg.RelType) bool { return v.Name == t })
		if i < 0 {
			return false
		}
		ends := kg.Vocabulary[i].To
		if r.dir == kg.Incoming {
			ends = kg.Vocabulary[i].From
		}
		if !slices.Equal(ends, []kg.EntityType{kg.Session}) {
			return false
		}
	}
	return true
}

// maxSessionPages bounds the pages of relationships sessionsByNumber reads: an entity is in few
// sessions, and a list longer than this many full pages is listed by id.
const maxSessionPages = 10

// sessionsByNumber answers a field whose other ends are sessions (relation.sessionsOnly): it
// takes the whole list, orders it by session number (kg.NumberKey), then id, and returns the page
// asked for. A planned page, which comes in the store's order, serves when it is the whole list
// (the first page, with no more after it); otherwise the list is read through the loaders.
func sessionsByNumber(ctx context.Context, obj model.Entity, q kg.RelQuery, first *int, after *string) (*model.EntityConnection, error) {
	id := obj.KG().ID
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	var rels []kg.Relationship
	var self model.Entity
	var others []model.Entity
	if c, pc := plannedConn(ctx, obj); pc != nil && c.Query.Offset == 0 && !pc.Page.HasMore {
		rels, self, others = pc.Page.Relationships, obj, plannedEnds(c, pc)
	} else {
		q.Page = kg.Page{Limit: kg.MaxPageSize}
		for range maxSessionPages {
			page, err := loadersFrom(ctx).relPage(ctx, id, q)
			if err != nil {
				return nil, err
			}
			rels = append(rels, page.Relationships...)
			if !page.HasMore || len(page.Relationships) == 0 {
				break
			}
			q.Offset += len(page.Relationships)
		}
	}
	if len(rels) > 0 && others == nil {
		if self, others, err = ends(ctx, id, rels); err != nil {
			return nil, err
		}
	}
	order := make([]int, len(rels))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return kg.CompareEntities(others[a].KG(), others[b].KG(), kg.OrderByNumber, false)
	})
	start, end, hasMore := kg.Window(len(rels), p)
	conn := &model.EntityConnection{
		Edges:      make([]*model.EntityEdge, 0, end-start),
		PageInfo:   pageInfo(p, end-start, hasMore),
		TotalCount: len(rels),
	}
	for k, i := range order[start:end] {
		edge := &model.EntityEdge{Cursor: encodeCursor(start + k), Node: others[i]}
		edge.Relationship = withEnds(rels[i], id, self, others[i])
		conn.Edges = append(conn.Edges, edge)
	}
	return conn, nil
}
