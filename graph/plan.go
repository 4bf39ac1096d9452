package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// This file turns the selection of a request into a kg.Plan: the fixed shapes of entity(id),
// node(id), nodes(ids) and entities(...), with the typed connections and relationships below them, their page sizes and
// the properties read at each level. The store reads a plan at once (kg.PlanReader); the
// resolvers of the connections below find their pages in the entity they resolve on
// (model.Entity.Planned) and fall back to the loaders for whatever the plan left out.

// subgraphReads returns what the selection sel of a Subgraph reads of its nodes (their own
// selection and that of the relationships' ends) and of its relationships (their evidence), and
// whether that is all it reads: false for a field the planner does not know.
func subgraphReads(oc *graphql.OperationContext, sel ast.SelectionSet) (ok bool, nodes, rels kg.Props) {
	var missed bool // a neighbourhood's call is never said to be the only one
	for _, f := range graphql.CollectFields(oc, sel, []string{"Subgraph"}) {
		switch f.Name {
		case "__typename", "truncated":
		case "nodes":
			nodes |= planOf(oc, f.Selections).Props
		case "relationships":
			n, r := relationshipReads(oc, f.Selections, &missed)
			nodes, rels = nodes|n, rels|r
		default:
			return false, 0, 0
		}
	}
	return nodes&kg.PropAll == 0 && rels&kg.PropAll == 0, nodes, rels
}

// pathReads is subgraphReads for the selection sel of a Path: its hops read their ends as nodes,
// their relationship as a relationship, and their direction and detour from the types and ends.
// It sets *missed when the selection needs more of the store than the path: a connection, degree,
// citation or a field it does not know.
func pathReads(oc *graphql.OperationContext, sel ast.SelectionSet, missed *bool) (ok bool, nodes, rels kg.Props) {
	for _, f := range graphql.CollectFields(oc, sel, []string{"Path"}) {
		switch f.Name {
		case "__typename", "length", "detours":
		case "nodes":
			nodes |= endReads(oc, f.Selections, missed)
		case "relationships":
			n, r := relationshipReads(oc, f.Selections, missed)
			nodes, rels = nodes|n, rels|r
		case "hops":
			for _, g := range graphql.CollectFields(oc, f.Selections, []string{"PathHop"}) {
				switch g.Name {
				case "__typename", "direction", "detour":
				case "from", "to":
					nodes |= endReads(oc, g.Selections, missed)
				case "relationship":
					n, r := relationshipReads(oc, g.Selections, missed)
					nodes, rels = nodes|n, rels|r
				case "evidence":
					rels |= evidenceProps(oc, g.Selections, missed)
				default:
					*missed = true
					return false, 0, 0
				}
			}
		default:
			*missed = true
			return false, 0, 0
		}
	}
	return nodes&kg.PropAll == 0 && rels&kg.PropAll == 0, nodes, rels
}

// relationshipReads returns what the selection sel of a Relationship reads of its ends and of
// itself: PropAll in rels for anything but its type, its ends and its evidence. It sets *missed
// as pathReads does.
func relationshipReads(oc *graphql.OperationContext, sel ast.SelectionSet, missed *bool) (nodes, rels kg.Props) {
	for _, g := range graphql.CollectFields(oc, sel, []string{"Relationship"}) {
		switch g.Name {
		case "__typename", "type":
		case "from", "to":
			nodes |= endReads(oc, g.Selections, missed)
		case "evidence":
			rels |= evidenceProps(oc, g.Selections, missed)
		case "rank":
			rels |= kg.PropAll
		default:
			rels |= kg.PropAll
			*missed = true
		}
	}
	return nodes, rels
}

// endReads returns what the selection sel of an entity that a store call returns whole (a node
// of a path or a subgraph, a relationship's end) reads of its properties, and sets *missed when it
// follows a connection or reads a field that planWhole leaves to a resolver.
func endReads(oc *graphql.OperationContext, sel ast.SelectionSet, missed *bool) kg.Props {
	n := planWhole(oc, sel, missed)
	if len(n.Conns) > 0 {
		*missed = true
	}
	return n.Props
}

// planOf returns the plan of what the selection sel reads of an entity, whatever its type. A
// connection that cannot be planned is left out of the plan, and its resolver loads it; a field
// the planner does not know makes the plan read every property.
func planOf(oc *graphql.OperationContext, sel ast.SelectionSet) kg.NodePlan {
	var missed bool
	return planWhole(oc, sel, &missed)
}

// planWhole is planOf, and sets *missed when the plan leaves some of the selection to resolvers
// that may call the store: a connection left out of the plan, degree and relationshipCounts
// (loaded by their resolvers), or a field the planner does not know. Without it, reading the plan
// is all the store calls the selection makes.
func planWhole(oc *graphql.OperationContext, sel ast.SelectionSet, missed *bool) kg.NodePlan {
	var n kg.NodePlan
	// A field of the Entity interface, such as relationships, is collected once per entity type;
	// it is planned once, and followed by every type that selects it.
	seen := map[*ast.Field]plannedField{}
	for _, class := range typeClasses(sel) {
		t := class[0]
		for _, f := range graphql.CollectFields(oc, sel, []string{string(t), "Entity", "Node"}) {
			if p, ok := seen[f.Field]; ok {
				if p.conn >= 0 {
					n.Conns[p.conn].Owners = append(n.Conns[p.conn].Owners, class...)
				}
				continue
			}
			switch f.Name {
			case "__typename", "id", "type":
				// Read from the id and type.
			case "degree", "relationshipCounts":
				// Loaded by their resolvers.
				*missed = true
			case "name":
				n.Props |= inLanguage(oc, f, kg.PropNameEN, kg.PropNameFR)
			case "aliases":
				n.Props |= kg.PropAliases
			case "description":
				n.Props |= inLanguage(oc, f, kg.PropDescriptionEN, kg.PropDescriptionFR)
			case "category":
				n.Props |= kg.PropCategory
			case "evidence":
				n.Props |= evidenceProps(oc, f.Selections, missed)
			case "relationships":
				args := f.ArgumentMap(oc.Variables)
				types, ok := stringList(args["types"])
				if !ok {
					*missed = true
					continue
				}
				var dir *model.Direction
				if d, ok := args["direction"].(string); ok {
					md := model.Direction(d)
					dir = &md
				}
				q := kg.RelQuery{Types: kg.RelationshipTypes(types), Direction: direction(dir)}
				c, self, ok := planConn(oc, class, f, q, args, "RelationshipConnection", "RelationshipEdge", "other", "node", missed)
				seen[f.Field] = addPlanned(&n, c, self, ok, missed)
			default:
				spec, typed := relations[string(t)][f.Name]
				if !typed {
					n.Props |= kg.PropAll
					*missed = true
					continue
				}
				args := f.ArgumentMap(oc.Variables)
				q := spec.query()
				w, err := whereArg(args["where"])
				if err != nil {
					*missed = true
					continue
				}
				if q.Where, err = whereFilter(w); err != nil {
					// Left to the resolver, which reports the error.
					*missed = true
					continue
				}
				if args["first"] == nil {
					args["first"] = TypedPageSize
				}
				c, self, ok := planConn(oc, class, f, q, args, "EntityConnection", "EntityEdge", "node", "relationship", missed)
				if ok && spec.sessionsOnly() {
					// A list of sessions is sorted by number when resolved (sessionsByNumber):
					// read the sessions whole.
					if c.Other == nil {
						c.Other = &kg.NodePlan{}
					}
					c.Other.Props |= kg.PropAll
				}
				seen[f.Field] = addPlanned(&n, c, self, ok, missed)
			}
		}
	}
	for i := range n.Conns {
		if len(n.Conns[i].Owners) == len(kg.EntityTypes) {
			n.Conns[i].Owners = nil
		}
	}
	return n
}

// planConn plans the connection field f of an entity of one of the types owners, which follows
// q. A typed connection's edges hold the other end as node and the relationship as relationship;
// the relationships field's edges hold them as other and node. It returns the plan and the
// properties read of the entity itself (by the relationships' from and to), or false when the
// connection cannot be planned. It sets *missed as planWhole does for the other ends' selections.
func planConn(oc *graphql.OperationContext, owners []kg.EntityType, f graphql.CollectedField, q kg.RelQuery, args map[string]any,
	connType, edgeType, otherField, relField string, missed *bool) (kg.ConnPlan, kg.Props, bool) {
	first, ok := intArg(args["first"])
	if !ok {
		return kg.ConnPlan{}, 0, false
	}
	after, ok := args["after"].(string)
	if !ok && args["after"] != nil {
		return kg.ConnPlan{}, 0, false
	}
	var afterPtr *string
	if ok {
		afterPtr = &after
	}
	p, err := pageArgs(first, afterPtr)
	if err != nil {
		return kg.ConnPlan{}, 0, false
	}
	q.Page = p
	if kg.CheckRelQuery(q) != nil {
		return kg.ConnPlan{}, 0, false
	}
	c := kg.ConnPlan{Name: f.Alias, Owners: slices.Clone(owners), Query: q}
	var self kg.Props
	for _, cf := range graphql.CollectFields(oc, f.Selections, []string{connType}) {
		switch cf.Name {
		case "__typename", "pageInfo":
		case "totalCount":
			c.Query.WantTotal = true
		case "edges":
			for _, ef := range graphql.CollectFields(oc, cf.Selections, []string{edgeType}) {
				switch ef.Name {
				case "__typename", "cursor", "direction":
				case "evidence":
					c.Evidence |= evidenceProps(oc, ef.Selections, missed)
				case otherField:
					if !addOther(&c, planWhole(oc, ef.Selections, missed)) {
						return kg.ConnPlan{}, 0, false
					}
				case relField:
					for _, rf := range graphql.CollectFields(oc, ef.Selections, []string{"Relationship"}) {
						switch rf.Name {
						case "__typename", "type":
						case "evidence":
							c.Evidence |= evidenceProps(oc, rf.Selections, missed)
						case "from", "to":
							// One end is the entity itself, the other the other end: both read
							// what the selection reads, and it may follow no connection.
							end := planWhole(oc, rf.Selections, missed)
							if len(end.Conns) > 0 || !addOther(&c, end) {
								return kg.ConnPlan{}, 0, false
							}
							self |= end.Props
						default:
							return kg.ConnPlan{}, 0, false
						}
					}
				default:
					return kg.ConnPlan{}, 0, false
				}
			}
		default:
			return kg.ConnPlan{}, 0, false
		}
	}
	return c, self, true
}

// addOther adds what other reads of the other ends to the plan of c. It returns false when both
// follow connections: the same field selected twice under different names, which the resolvers
// could not tell apart.
func addOther(c *kg.ConnPlan, other kg.NodePlan) bool {
	if c.Other == nil {
		c.Other = &other
		return true
	}
	if len(c.Other.Conns) > 0 && len(other.Conns) > 0 {
		return false
	}
	merged := *c.Other
	merged.Props |= other.Props
	if len(other.Conns) > 0 {
		merged.Conns = other.Conns
	}
	c.Other = &merged
	return true
}

// plannedField is where planOf put a connection field: its index in the node's connections, or
// -1 when it is not planned, and what it reads of the entity itself.
type plannedField struct {
	conn int
	self kg.Props
}

// typeClasses returns the entity types in classes that select the same fields from sel: one
// class for each type that a fragment of sel names, and one for all the others.
func typeClasses(sel ast.SelectionSet) [][]kg.EntityType {
	named := map[kg.EntityType]bool{}
	var walk func(sel ast.SelectionSet)
	walk = func(sel ast.SelectionSet) {
		for _, s := range sel {
			switch s := s.(type) {
			case *ast.InlineFragment:
				named[kg.EntityType(s.TypeCondition)] = true
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil {
					named[kg.EntityType(s.Definition.TypeCondition)] = true
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(sel)
	var classes [][]kg.EntityType
	var rest []kg.EntityType
	for _, t := range kg.EntityTypes {
		if named[t] {
			classes = append(classes, []kg.EntityType{t})
		} else {
			rest = append(rest, t)
		}
	}
	if len(rest) > 0 {
		classes = append(classes, rest)
	}
	return classes
}

// addPlanned adds the connection c, planned when ok, and the properties self it reads of the
// entity itself, to n; it returns where it put them. A connection not planned sets *missed.
func addPlanned(n *kg.NodePlan, c kg.ConnPlan, self kg.Props, ok bool, missed *bool) plannedField {
	var p plannedField
	p.conn = -1
	if !ok {
		*missed = true
		return p
	}
	n.Props |= self
	n.Conns = append(n.Conns, c)
	p.conn, p.self = len(n.Conns)-1, self
	return p
}

// evidenceProps returns the parts of evidence that the selection sel of an Evidence reads, and
// sets *missed when it reads a citation, whose resolver loads the cited document.
func evidenceProps(oc *graphql.OperationContext, sel ast.SelectionSet, missed *bool) kg.Props {
	var p kg.Props
	for _, f := range graphql.CollectFields(oc, sel, []string{"Evidence"}) {
		switch f.Name {
		case "__typename":
		case "document":
			p |= kg.PropEvidenceDocument
		case "section":
			p |= kg.PropEvidenceSection
		case "paragraph":
			p |= kg.PropEvidenceParagraph
		case "quote":
			// The source's words, and in English their translation when there is one.
			p |= kg.PropEvidenceQuote | inLanguage(oc, f, kg.PropEvidenceQuoteEN, 0)
		case "translation":
			p |= kg.PropEvidenceQuoteEN
		case "kind":
			p |= kg.PropEvidenceKind
		case "note":
			p |= kg.PropEvidenceNote
		case "footnote":
			p |= kg.PropEvidenceFootnote
		case "citation":
			p |= kg.PropEvidence
			*missed = true
		default:
			p |= kg.PropEvidence
		}
	}
	if p == 0 {
		// The list's length is still read: one part of it gives it.
		p = kg.PropEvidenceDocument
	}
	return p
}

// inLanguage returns en or fr as the argument lang of f names English or French; a missing lang
// takes the schema's default.
func inLanguage(oc *graphql.OperationContext, f graphql.CollectedField, en, fr kg.Props) kg.Props {
	if lang, _ := f.ArgumentMap(oc.Variables)["lang"].(string); lang == string(model.LanguageFr) {
		return fr
	}
	return en
}

// intArg reads an optional Int argument.
func intArg(v any) (*int, bool) {
	if v == nil {
		return nil, true
	}
	n, err := graphql.UnmarshalInt(v)
	if err != nil {
		return nil, false
	}
	return &n, true
}

// stringList reads an optional [String!] argument.
func stringList(v any) ([]string, bool) {
	if v == nil {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(list))
	for i, x := range list {
		if out[i], ok = x.(string); !ok {
			return nil, false
		}
	}
	return out, true
}

// planner returns the store as a kg.PlanReader, or nil when the store reads no plans or plans
// are off.
func (r *Resolver) planner() kg.PlanReader {
	if r.NoPlans {
		return nil
	}
	pr, _ := r.Store.(kg.PlanReader)
	return pr
}

// plannedEntity resolves entity(id) and node(id) by a plan of the selection; ok is false when
// the store reads no plans.
func (r *Resolver) plannedEntity(ctx context.Context, id string) (e model.Entity, ok bool, err error) {
	list, ok, err := r.plannedEntities(ctx, []string{id})
	if !ok || err != nil {
		return nil, ok, err
	}
	return list[0], true, nil
}

// plannedEntities resolves nodes(ids) by a plan of the selection, one entity per id, nil for a
// missing one; ok is false when the store reads no plans.
func (r *Resolver) plannedEntities(ctx context.Context, ids []string) (list []model.Entity, ok bool, err error) {
	pr := r.planner()
	if pr == nil {
		return nil, false, nil
	}
	oc := graphql.GetOperationContext(ctx)
	var missed bool
	n := planWhole(oc, graphql.GetFieldContext(ctx).Field.Selections, &missed)
	res, err := pr.ReadPlan(onlyCall(ctx, !missed), kg.Plan{IDs: ids, Node: n})
	if err != nil {
		return nil, true, err
	}
	list = make([]model.Entity, len(ids))
	for i, pe := range res.Entities {
		if pe != nil {
			list[i] = model.WrapPlanned(pe, &n)
		}
	}
	return list, true, nil
}

// plannedPage resolves entities(...) for q by a plan of its selection; ok is false when the
// store reads no plans or the selection cannot be planned.
func (r *Resolver) plannedPage(ctx context.Context, q kg.EntityQuery) (conn *model.EntityConnection, ok bool, err error) {
	pr := r.planner()
	if pr == nil {
		return nil, false, nil
	}
	oc := graphql.GetOperationContext(ctx)
	var node *kg.NodePlan
	var missed bool
	for _, cf := range graphql.CollectFields(oc, graphql.GetFieldContext(ctx).Field.Selections, []string{"EntityConnection"}) {
		switch cf.Name {
		case "__typename", "pageInfo", "totalCount":
			continue
		case "edges":
		default:
			missed = true
			continue
		}
		for _, ef := range graphql.CollectFields(oc, cf.Selections, []string{"EntityEdge"}) {
			switch ef.Name {
			case "__typename", "cursor":
				continue
			case "node":
			default:
				missed = true
				continue
			}
			n := planWhole(oc, ef.Selections, &missed)
			if node != nil && len(node.Conns) > 0 && len(n.Conns) > 0 {
				return nil, false, nil
			}
			if node != nil {
				n.Props |= node.Props
				n.Conns = slices.Concat(node.Conns, n.Conns)
			}
			node = &n
		}
	}
	if node == nil {
		node = &kg.NodePlan{}
	}
	res, err := pr.ReadPlan(onlyCall(ctx, !missed), kg.Plan{Entities: &q, Node: *node})
	if err != nil {
		return nil, true, err
	}
	conn = &model.EntityConnection{
		Edges:      make([]*model.EntityEdge, len(res.Entities)),
		PageInfo:   pageInfo(q.Page, len(res.Entities), res.HasMore),
		TotalCount: res.Total,
	}
	for i, pe := range res.Entities {
		conn.Edges[i] = &model.EntityEdge{Cursor: encodeCursor(q.Offset + i), Node: model.WrapPlanned(pe, node)}
	}
	return conn, true, nil
}

// plannedConn returns the page that a plan read for the connection being resolved on obj, and
// its plan; nil when no plan read it.
func plannedConn(ctx context.Context, obj model.Entity) (*kg.ConnPlan, *kg.PlannedConn) {
	got, plan := obj.Planned()
	if plan == nil {
		return nil, nil
	}
	name := graphql.GetFieldContext(ctx).Field.Alias
	for i := range plan.Conns {
		if c := &plan.Conns[i]; c.Name == name && c.Follows(got.Entity.Type) && got.Conns[i] != nil {
			return c, got.Conns[i]
		}
	}
	return nil, nil
}

// plannedEnds returns the model entities of the other ends of a planned page, nil when the plan
// read none.
func plannedEnds(c *kg.ConnPlan, pc *kg.PlannedConn) []model.Entity {
	if pc.Others == nil {
		return nil
	}
	out := make([]model.Entity, len(pc.Others))
	for i, pe := range pc.Others {
		out[i] = model.WrapPlanned(pe, c.Other)
	}
	return out
}

// onlyCall returns ctx marked with kg.OnlyCall when whole is true (the store call about to be
// made with it is all that its field needs) and that field is the only one the operation asks
// (a query of one root field, __typename aside): then the call is the only one of the request.
func onlyCall(ctx context.Context, whole bool) context.Context {
	if !whole {
		return ctx
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return ctx
	}
	n := 0
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Query"}) {
		if f.Name != "__typename" {
			n++
		}
	}
	if n != 1 {
		return ctx
	}
	return kg.OnlyCall(ctx)
}
