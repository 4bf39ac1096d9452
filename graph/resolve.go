package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// rel describes a typed relationship field: which relationships to follow, in which direction, and
// which types of entity may be at the other end (any, when empty).
type rel struct {
	types []string
	dir   kg.Direction
	other []kg.EntityType
}

func out(types ...string) rel { return rel{types: types, dir: kg.Outgoing} }
func in(types ...string) rel  { return rel{types: types, dir: kg.Incoming} }

// from restricts the other end of a relationship field to some entity types.
func (r rel) from(types ...kg.EntityType) rel {
	r.other = types
	return r
}

// The typed relationship fields of the schema.
var (
	relAbout         = out("ABOUT")
	relFacts         = in("ABOUT")
	relDiscussedIn   = out("DISCUSSED_IN")
	relPartOf        = out("PART_OF")
	relUnits         = in("PART_OF")
	relPresentations = out("PRESENTED_AT")
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
	relPartners      = rel{types: []string{"PARTNERS_WITH"}, dir: kg.Both}
	relTargets       = out("TARGETS")
	relTargetedBy    = in("TARGETS").from(kg.Organization)
	relTargetingInit = in("TARGETS").from(kg.Initiative)
	relTraffics      = out("TRAFFICS")
	relTraffickers   = in("TRAFFICS")
	relOrgPlaces     = out("LOCATED_IN", "OPERATES_IN")
	relOperatesIn    = out("OPERATES_IN")
	relOrganizers    = in("ORGANIZED")
	relHeldIn        = out("HELD_IN")
	relSessions      = in("PART_OF").from(kg.Session)
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

// entity loads one entity through the request's loader; nil when it does not exist.
func entity(ctx context.Context, id string) (model.Entity, error) {
	e, err := loadersFrom(ctx).entities.Load(ctx, id)
	if err != nil || e == nil {
		return nil, err
	}
	return model.Wrap(e), nil
}

// mustEntity loads an entity that a relationship names; its absence is an inconsistency.
func mustEntity(ctx context.Context, id string) (model.Entity, error) {
	e, err := entity(ctx, id)
	if err == nil && e == nil {
		return nil, kg.Errorf(kg.ErrNotFound, "entity %q named by a relationship", id)
	}
	return e, err
}

// relPage loads the page of an entity's relationships that the Relay arguments select, through
// the request's loader; the store checks the query.
func relPage(ctx context.Context, id string, q kg.RelQuery, first *int, after *string) (kg.RelPage, kg.Page, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return kg.RelPage{}, p, err
	}
	q.Page = p
	other := make([]string, len(q.OtherTypes))
	for i, t := range q.OtherTypes {
		other[i] = string(t)
	}
	key := relKey{
		ID: id, Types: strings.Join(q.Types, ","), Direction: q.Direction,
		OtherTypes: strings.Join(other, ","), Offset: q.Offset, Limit: q.Limit,
	}
	page, err := loadersFrom(ctx).rels.Load(ctx, key)
	return page, p, err
}

// otherEnd returns the id at the other end of r from id, and the direction r has from id.
func otherEnd(r kg.Relationship, id string) (string, model.Direction) {
	if r.From == id {
		return r.To, model.DirectionOutgoing
	}
	return r.From, model.DirectionIncoming
}

// relationships resolves the generic relationships field of every entity type.
func relationships(ctx context.Context, id string, types []string, dir *model.Direction, first *int, after *string) (*model.RelationshipConnection, error) {
	page, p, err := relPage(ctx, id, kg.RelQuery{Types: types, Direction: direction(dir)}, first, after)
	if err != nil {
		return nil, err
	}
	conn := &model.RelationshipConnection{
		Edges:      make([]*model.RelationshipEdge, len(page.Relationships)),
		PageInfo:   pageInfo(p, len(page.Relationships), page.HasMore),
		TotalCount: page.Total,
	}
	for i, r := range page.Relationships {
		other, d := otherEnd(r, id)
		conn.Edges[i] = &model.RelationshipEdge{
			Cursor: encodeCursor(p.Offset + i), Node: &model.Relationship{R: r}, Direction: d, OtherID: other,
		}
	}
	return conn, nil
}

// related resolves a typed relationship field: the entities at the other end, each edge carrying
// its relationship. Nodes are loaded lazily by the EntityEdge.node resolver, one batch per level.
func related(ctx context.Context, id string, spec rel, first *int, after *string) (*model.EntityConnection, error) {
	page, p, err := relPage(ctx, id, kg.RelQuery{Types: spec.types, Direction: spec.dir, OtherTypes: spec.other}, first, after)
	if err != nil {
		return nil, err
	}
	conn := &model.EntityConnection{
		Edges:      make([]*model.EntityEdge, len(page.Relationships)),
		PageInfo:   pageInfo(p, len(page.Relationships), page.HasMore),
		TotalCount: page.Total,
	}
	for i, r := range page.Relationships {
		other, _ := otherEnd(r, id)
		conn.Edges[i] = &model.EntityEdge{Cursor: encodeCursor(p.Offset + i), NodeID: other, Relationship: &model.Relationship{R: r}}
	}
	return conn, nil
}

// wantsTotal reports whether the query selects totalCount on the connection being resolved.
func wantsTotal(ctx context.Context) bool {
	return slices.Contains(graphql.CollectAllFields(ctx), "totalCount")
}

func wrapAll(list []kg.Entity) []model.Entity {
	out := make([]model.Entity, len(list))
	for i := range list {
		out[i] = model.Wrap(&list[i])
	}
	return out
}

func wrapRels(list []kg.Relationship) []*model.Relationship {
	out := make([]*model.Relationship, len(list))
	for i, r := range list {
		out[i] = &model.Relationship{R: r}
	}
	return out
}
