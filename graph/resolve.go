package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// rel describes a typed relationship field: which relationships to follow, in which direction, and
// which types of entity may be at the other end (any, when empty).
type rel struct {
	types []kg.RelationshipType
	dir   kg.Direction
	other []kg.EntityType
	// byNumber lists the other ends, all sessions, by their number (then id), not by id.
	byNumber bool
}

// sessionsByNumber marks a field whose other ends are sessions, listed by session number.
func (r rel) sessionsByNumber() rel {
	r.byNumber = true
	return r
}

func out(types ...kg.RelationshipType) rel { return rel{types: types, dir: kg.Outgoing} }
func in(types ...kg.RelationshipType) rel  { return rel{types: types, dir: kg.Incoming} }

// from restricts the other end of a relationship field to some entity types.
func (r rel) from(types ...kg.EntityType) rel {
	r.other = types
	return r
}

// The typed relationship fields of the schema.
var (
	relAbout         = out("ABOUT")
	relFacts         = in("ABOUT")
	relDiscussedIn   = out("DISCUSSED_IN").sessionsByNumber()
	relPartOf        = out("PART_OF")
	relUnits         = in("PART_OF")
	relPresentations = out("PRESENTED_AT").sessionsByNumber()
	relPresenters    = in("PRESENTED_AT")
	relTopics        = in("DISCUSSED_IN").from(kg.Organization, kg.Initiative, kg.Substance, kg.Place)
	relSessionFacts  = in("DISCUSSED_IN").from(kg.Fact)
	relAffiliations  = out("AFFILIATED_WITH")
	relPeople        = in("AFFILIATED_WITH")
	relRuns          = out("RUNS")
	relRunBy         = in("RUNS")
	relParticipates  = out("PARTICIPATES_IN")
	relParticipants  = in("PARTICIPATES_IN")
	relFunders       = in("FUNDS")
	relPartners      = rel{types: []kg.RelationshipType{"PARTNERS_WITH"}, dir: kg.Both}
	relTargets       = out("TARGETS")
	relTargetedBy    = in("TARGETS").from(kg.Organization)
	relTargetingInit = in("TARGETS").from(kg.Initiative)
	relTraffics      = out("TRAFFICS")
	relTraffickers   = in("TRAFFICS")
	relOrgPlaces     = out("LOCATED_IN", "OPERATES_IN")
	relOperatesIn    = out("OPERATES_IN")
	relOrganizers    = in("ORGANIZED")
	relHeldIn        = out("HELD_IN")
	relSessions      = in("PART_OF").from(kg.Session).sessionsByNumber()
	relFollows       = out("FOLLOWS")
	relFollowedBy    = in("FOLLOWS")
	relReportedBy    = in("REPORTS_ON")
	relReportsOn     = out("REPORTS_ON")
	relBroader       = out("SUBCLASS_OF")
	relNarrower      = in("SUBCLASS_OF")
	relOrigins       = out("ORIGINATES_IN")
	relOriginOf      = in("ORIGINATES_IN").from(kg.Substance)
	relPlaceOriginOf = in("ORIGINATES_IN").from(kg.Initiative)
	relSeized        = out("SEIZED")
	relSeizedBy      = in("SEIZED")
	relIntercepts    = out("INTERCEPTS")
	relInterceptedBy = in("INTERCEPTS")
	relSpokeFor      = out("SPOKE_ON_BEHALF_OF")
	relSpokenForBy   = in("SPOKE_ON_BEHALF_OF")
	relWithin        = out("LOCATED_IN")
	relContains      = in("LOCATED_IN").from(kg.Place)
	relPlaceOrgs     = in("LOCATED_IN", "OPERATES_IN").from(kg.Organization)
	relPlaceInits    = in("OPERATES_IN").from(kg.Initiative)
	relEvents        = in("HELD_IN")
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

// relationships resolves the generic relationships field of every entity type. The ends of the
// page are loaded here, in one call, when the query selects them.
func relationships(ctx context.Context, id string, types []string, dir *model.Direction, first *int, after *string) (*model.RelationshipConnection, error) {
	page, p, err := relPage(ctx, id, kg.RelQuery{Types: kg.RelationshipTypes(types), Direction: direction(dir)}, first, after)
	if err != nil {
		return nil, err
	}
	conn := &model.RelationshipConnection{
		Edges:      make([]*model.RelationshipEdge, len(page.Relationships)),
		PageInfo:   pageInfo(p, len(page.Relationships), page.HasMore),
		TotalCount: page.Total,
	}
	var self model.Entity
	var others []model.Entity
	if sel := selections(ctx); len(page.Relationships) > 0 && (selected(sel, "edges", "other") ||
		selected(sel, "edges", "node", "from") || selected(sel, "edges", "node", "to")) {
		if self, others, err = ends(ctx, id, page.Relationships); err != nil {
			return nil, err
		}
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

// related resolves a typed relationship field: the entities at the other end, each edge carrying
// its relationship. The nodes of the page are loaded here, in one call, when the query selects
// them or the relationship's ends.
func related(ctx context.Context, id string, spec rel, first *int, after *string) (*model.EntityConnection, error) {
	if spec.byNumber {
		return sessionsByNumber(ctx, id, spec, first, after)
	}
	page, p, err := relPage(ctx, id, kg.RelQuery{Types: spec.types, Direction: spec.dir, OtherTypes: spec.other}, first, after)
	if err != nil {
		return nil, err
	}
	conn := &model.EntityConnection{
		Edges:      make([]*model.EntityEdge, len(page.Relationships)),
		PageInfo:   pageInfo(p, len(page.Relationships), page.HasMore),
		TotalCount: page.Total,
	}
	var self model.Entity
	var others []model.Entity
	if sel := selections(ctx); len(page.Relationships) > 0 && (selected(sel, "edges", "node") ||
		selected(sel, "edges", "relationship", "from") || selected(sel, "edges", "relationship", "to")) {
		if self, others, err = ends(ctx, id, page.Relationships); err != nil {
			return nil, err
		}
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

// maxSessionPages bounds the pages of relationships sessionsByNumber reads: an entity is in few
// sessions, and a list longer than this many full pages is listed by id.
const maxSessionPages = 10

// sessionsByNumber answers a field whose other ends are sessions (spec.byNumber): it reads the
// whole list, orders it by session number (kg.NumberKey), then id, and returns the page asked for.
func sessionsByNumber(ctx context.Context, id string, spec rel, first *int, after *string) (*model.EntityConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	q := kg.RelQuery{Types: spec.types, Direction: spec.dir, OtherTypes: spec.other, Page: kg.Page{Limit: kg.MaxPageSize}}
	var rels []kg.Relationship
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
	var self model.Entity
	var others []model.Entity
	if len(rels) > 0 {
		if self, others, err = ends(ctx, id, rels); err != nil {
			return nil, err
		}
	}
	order := make([]int, len(rels))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ea, eb := others[a].KG(), others[b].KG()
		return kg.CompareEntities(ea, eb, kg.OrderByNumber, false)
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
