package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// entity resolves entity(id) and node(id): by a plan of its selection when the store reads plans, else
// through the loaders.
func (r *Resolver) entity(ctx context.Context, id string) (model.Entity, error) {
	if e, ok, err := r.plannedEntity(ctx, id); ok {
		return e, err
	}
	return entity(ctx, id)
}

func (r *Resolver) entities(ctx context.Context, types []model.EntityType, categories []string, where *model.EntityWhere, orderBy *model.EntityOrder, first *int, after *string) (*model.EntityConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	filter, err := whereFilter(where)
	if err != nil {
		return nil, err
	}
	p.WantTotal = wantsTotal(ctx)
	field, desc := entityOrder(orderBy)
	if orderBy == nil && len(types) > 0 && !slices.ContainsFunc(types, func(t model.EntityType) bool { return t != model.EntityTypeSession }) {
		// Sessions alone are listed by their number, the opening before the conclusion.
		field = kg.OrderByNumber
	}
	q := kg.EntityQuery{Types: entityTypes(types), Categories: categories, Where: filter, OrderBy: field, Descending: desc, Page: p}
	if orderBy != nil {
		q.DegreeExcludes = kg.RelationshipTypes(orderBy.ExcludeRelationshipTypes)
	}
	if conn, ok, err := r.plannedPage(ctx, q); ok {
		return conn, err
	}
	page, err := r.Store.Entities(ctx, q)
	if err != nil {
		return nil, err
	}
	return entityConnection(page, p), nil
}

// entityConnection is a page of entities, as a list that follows no relationship gives it.
func entityConnection(page kg.EntityPage, p kg.Page) *model.EntityConnection {
	conn := &model.EntityConnection{
		Edges:      make([]*model.EntityEdge, len(page.Entities)),
		PageInfo:   pageInfo(p, len(page.Entities), page.HasMore),
		TotalCount: page.Total,
	}
	for i := range page.Entities {
		conn.Edges[i] = &model.EntityEdge{Cursor: encodeCursor(p.Offset + i), Node: model.Wrap(&page.Entities[i])}
	}
	return conn
}

func (r *Resolver) search(ctx context.Context, text string, types, excludeTypes []model.EntityType, first *int, after *string) (*model.SearchConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	q := kg.SearchQuery{Text: text, Types: entityTypes(types), ExcludeTypes: entityTypes(excludeTypes), Page: p,
		WantFacets: selected(selections(ctx), "facets")}
	page, err := r.Store.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	conn := &model.SearchConnection{
		Edges:             make([]*model.SearchEdge, len(page.Hits)),
		PageInfo:          pageInfo(p, len(page.Hits), page.HasMore),
		TotalCount:        page.Total,
		TotalCountIsExact: page.TotalExact,
		Facets:            facets(page.Facets),
	}
	for i := range page.Hits {
		h := &page.Hits[i]
		edge := &model.SearchEdge{Cursor: encodeCursor(p.Offset + i), Node: model.Wrap(&h.Entity), Score: h.Score, MatchedField: h.Field}
		if h.Language != "" {
			l := model.LanguageEn
			if h.Language == kg.FR {
				l = model.LanguageFr
			}
			edge.MatchedLanguage = &l
		}
		conn.Edges[i] = edge
	}
	return conn, nil
}

// neighborhood and path take the schema's defaults (schema.graphqls), which gqlgen applies.
func (r *Resolver) neighborhood(ctx context.Context, id string, depth int, types []string, limit int) (*model.Subgraph, error) {
	q := kg.NeighborhoodQuery{Depth: depth, Types: kg.RelationshipTypes(types), Limit: limit}
	if r.planner() != nil {
		q.Project, q.Nodes, q.Rels = subgraphReads(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field.Selections)
	}
	sub, err := r.Store.Neighborhood(ctx, id, q)
	if err = partial(ctx, err); err != nil {
		return nil, err
	}
	byID := make(map[string]model.Entity, len(sub.Nodes))
	nodes := wrapAll(sub.Nodes, byID)
	return &model.Subgraph{Nodes: nodes, Relationships: wrapRels(sub.Relationships, byID), Truncated: sub.Truncated}, nil
}

func (r *Resolver) path(ctx context.Context, from, to string, maxHops int, types []string) (*model.Path, error) {
	q := kg.PathQuery{MaxHops: maxHops, Types: kg.RelationshipTypes(types)}
	if r.planner() != nil {
		oc, sel := graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field.Selections
		var missed bool
		q.Project, q.Nodes, q.Rels = pathReads(oc, sel, &missed)
		ctx = onlyCall(ctx, !missed)
	}
	p, err := r.Store.ShortestPath(ctx, from, to, q)
	if err != nil || p == nil {
		return nil, err
	}
	return explainedPath(*p), nil
}

func (r *Resolver) stats(ctx context.Context) (*model.GraphStats, error) {
	st, err := r.Store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	out := &model.GraphStats{Evidence: st.Evidence}
	for _, t := range kg.EntityTypes {
		n := st.Entities[t]
		out.Entities += n
		out.EntityTypes = append(out.EntityTypes, &model.TypeCount{Type: model.GQLType(t), Count: n})
	}
	for _, name := range kg.RelTypeNames() {
		n := st.Relationships[name]
		out.Relationships += n
		out.RelationshipTypes = append(out.RelationshipTypes, &model.RelationshipTypeCount{Type: string(name), Count: n})
	}
	return out, nil
}

func vocabulary() []*model.RelationshipType {
	conv := func(types []kg.EntityType) []model.EntityType {
		out := make([]model.EntityType, len(types))
		for i, t := range types {
			out[i] = model.GQLType(t)
		}
		return out
	}
	var out []*model.RelationshipType
	for _, r := range kg.Vocabulary {
		out = append(out, &model.RelationshipType{Name: string(r.Name), From: conv(r.From), To: conv(r.To), Meaning: r.Meaning})
	}
	return out
}

func (r *Resolver) nodes(ctx context.Context, ids []string) ([]model.Entity, error) {
	if len(ids) > kg.MaxPageSize {
		return nil, kg.Errorf(kg.ErrInvalid, "nodes takes at most %d ids, got %d", kg.MaxPageSize, len(ids))
	}
	if planned, ok, err := r.plannedEntities(ctx, ids); ok {
		return planned, err
	}
	found, err := r.Store.EntitiesByID(ctx, slices.Clone(ids))
	if err != nil {
		return nil, err
	}
	out := make([]model.Entity, len(found))
	for i, e := range found {
		if e != nil {
			out[i] = model.Wrap(e)
		}
	}
	return out, nil
}

// resolve answers the resolve field: the entity that ref names (kg.Resolve).
func (r *Resolver) resolve(ctx context.Context, ref string) (model.Entity, error) {
	e, err := kg.Resolve(ctx, r.Store, ref)
	if err != nil || e == nil {
		return nil, err
	}
	return model.Wrap(e), nil
}
