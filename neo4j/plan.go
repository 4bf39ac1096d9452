package neo4j

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

var _ kg.PlanReader = (*Store)(nil)

// ReadPlan implements kg.PlanReader with one statement (see compilePlan), in one read
// transaction: the roots, every connection of every level with its page, and exactly the
// properties the plan reads.
func (s *Store) ReadPlan(ctx context.Context, p kg.Plan) (kg.PlanResult, error) {
	if err := kg.CheckPlan(p); err != nil {
		return kg.PlanResult{}, err
	}
	if p.Entities == nil && len(p.IDs) == 0 {
		return kg.PlanResult{Entities: []*kg.PlannedEntity{}}, ctx.Err()
	}
	if countConns(p.Node) > maxPlanConns {
		var res kg.PlanResult
		err := s.readTx(ctx, "plan", func(run runFunc) error {
			var err error
			res, err = kg.ReadPlan(ctx, txSource{run}, p)
			return err
		})
		if err != nil {
			return kg.PlanResult{}, err
		}
		return res, ctx.Err()
	}
	st, params, err := compilePlan(p)
	if err != nil {
		return kg.PlanResult{}, err
	}
	recs, err := s.query(ctx, "plan", st, params)
	if err != nil {
		return kg.PlanResult{}, err
	}
	var res kg.PlanResult
	if p.Entities == nil {
		byID := map[string]*kg.PlannedEntity{}
		for _, rec := range recs {
			raw, _ := rec.Get("n")
			pe, err := plannedEntity(raw, &p.Node)
			if err != nil {
				return kg.PlanResult{}, err
			}
			byID[pe.Entity.ID] = pe
		}
		res.Entities = make([]*kg.PlannedEntity, len(p.IDs))
		for i, id := range p.IDs {
			res.Entities[i] = byID[id]
		}
		return res, ctx.Err()
	}
	rec, err := only("plan", recs)
	if err != nil {
		return kg.PlanResult{}, err
	}
	page, err := value[[]any](rec, "page")
	if err != nil {
		return kg.PlanResult{}, err
	}
	if p.Entities.OrderBy == kg.OrderByValue {
		units, err := unitsOf(rec)
		if err != nil {
			return kg.PlanResult{}, err
		}
		if err := kg.CheckUnits(p.Entities.OrderBy, units); err != nil {
			return kg.PlanResult{}, err
		}
	}
	if p.Entities.WantTotal {
		total, err := value[int64](rec, "total")
		if err != nil {
			return kg.PlanResult{}, err
		}
		res.Total = int(total)
	}
	if len(page) > p.Entities.Limit {
		res.HasMore, page = true, page[:p.Entities.Limit]
	}
	for _, raw := range page {
		pe, err := plannedEntity(raw, &p.Node)
		if err != nil {
			return kg.PlanResult{}, err
		}
		res.Entities = append(res.Entities, pe)
	}
	return res, ctx.Err()
}

// The statements that a plan's roots start from: entities.cypher and entities-count.cypher, cut
// where the plan's own clauses follow, so that a planned page is selected and counted as
// Entities does it.
var (
	planEntities      = strings.TrimSuffix(stmtEntities.text, "RETURN n")
	planEntitiesID    = strings.TrimSuffix(stmtEntitiesID.text, "RETURN n")
	planEntitiesCount = stmtEntitiesCount.text
)

func init() {
	if planEntities == stmtEntities.text || planEntitiesID == stmtEntitiesID.text {
		panic("neo4j: entities.cypher and entities-id.cypher must end with RETURN n")
	}
}

// relTypeName is what a relationship type written into a statement must look like, besides
// being in the vocabulary (kg.CheckRelTypes).
var relTypeName = regexp.MustCompile(`^[A-Z][A-Z_]*$`)

// compilePlan returns the one statement that reads p, and its parameters. Every value is a
// parameter; what the statement's text holds besides the fixed clauses is the plan's shape (one
// COLLECT subquery per connection, nested as the plan is), the directions of its patterns, and
// relationship types of the vocabulary. For roots by id:
//
//	UNWIND $ids AS id
//	MATCH (n:Entity {id: id})
//	RETURN n {.id, .type, .nameEn, ..., c0: COLLECT { ... }, c0t: COUNT { ... }} AS n
//
// Each connection's subquery matches the relationships of its types in its direction, filters
// the other end's type, sorts as kg.CompareAdjacent, cuts the page (one row more, to learn
// whether more follow) and returns one map per relationship: its type, its direction, the parts
// of evidence read and the projection of the other end, which holds its own connections.
func compilePlan(p kg.Plan) (statement, map[string]any, error) {
	b := &planBuilder{params: map[string]any{}}
	b.filters = newFilterCompiler(b.params)
	proj, err := b.node("n", 0, p.Node)
	if err != nil {
		return statement{}, nil, err
	}
	var text string
	if p.Entities == nil {
		b.params["ids"] = unique(p.IDs)
		text = "UNWIND $ids AS id\nMATCH (n:Entity {id: id})\nRETURN " + proj + " AS n"
	} else {
		q := *p.Entities
		b.params["types"] = typeNames(q.Types)
		b.params["categories"] = strs(q.Categories)
		b.params["offset"] = int64(q.Offset)
		b.params["limit"] = int64(q.Limit) + 1
		entities, count := planEntitiesID, planEntitiesCount
		if !inIDOrder(q) {
			entities = planEntities
			b.params["orderBy"] = string(q.OrderBy)
			b.params["descending"] = q.Descending
			b.params["numberLast"] = int64(kg.NumberLast)
			b.params["degreeExcludes"] = kg.RelationshipTypeNames(q.DegreeExcludes)
		}
		if q.Where != nil {
			if entities, err = addFilter(entities, anchorEntities, "n", q.Where, b.filters); err != nil {
				return statement{}, nil, err
			}
			if count, err = addFilter(count, anchorEntitiesCount, "n", q.Where, b.filters); err != nil {
				return statement{}, nil, err
			}
		}
		text = "CALL () {\n" + entities + "RETURN collect(" + proj + ") AS page\n}\nRETURN page"
		if q.WantTotal {
			text = "CALL () {\n" + count + "\n}\n" + text + ", total"
		}
		if q.OrderBy == kg.OrderByValue {
			// The units of the figures selected, for kg.CheckUnits.
			units := stmtEntitiesUnits.text
			if q.Where != nil {
				if units, err = addFilter(units, anchorEntitiesUnits, "n", q.Where, b.filters); err != nil {
					return statement{}, nil, err
				}
			}
			text = "CALL () {\n" + units + "\n}\n" + text + ", units"
		}
	}
	return newStatement("plan", text), b.params, nil
}

// txSource reads the batch methods of the store inside one transaction, for kg.ReadPlan.
type txSource struct{ run runFunc }

func (t txSource) EntitiesByID(_ context.Context, ids []string) ([]*kg.Entity, error) {
	return entitiesInOrder(t.run, ids)
}

func (t txSource) Entities(_ context.Context, q kg.EntityQuery) (kg.EntityPage, error) {
	return entitiesPage(t.run, q)
}

func (t txSource) Relationships(_ context.Context, ids []string, q kg.RelQuery) ([]kg.RelPage, error) {
	return relationships(t.run, ids, q)
}

// maxPlanConns is the largest number of connections that ReadPlan compiles into one statement.
// Neo4j plans a statement once and keeps the plan, but the first planning of a statement takes
// longer the more subqueries it holds (seconds for a dozen on a busy machine): a larger plan is
// read level by level (kg.ReadPlan), with one statement per connection and per level, all in one
// read transaction.
const maxPlanConns = 8

// countConns returns the number of connections of n and the plans below it.
func countConns(n kg.NodePlan) int {
	total := len(n.Conns)
	for _, c := range n.Conns {
		if c.Other != nil {
			total += countConns(*c.Other)
		}
	}
	return total
}

// planBuilder numbers the connections of a plan and holds the statement's parameters.
type planBuilder struct {
	conns   int
	params  map[string]any
	filters *filterCompiler // writes the filters of the connections, with parameters in params
}

// node returns the projection of the entity in variable v at depth d, as n reads it: its
// properties, then its i-th connection under the key ci, and its total under cit.
func (b *planBuilder) node(v string, d int, n kg.NodePlan) (string, error) {
	fields := projection(v, n.Props)
	for i, c := range n.Conns {
		b.conns++
		param := fmt.Sprintf("p%d", b.conns)
		m := fmt.Sprintf("n%d", d+1)
		where, err := b.otherFilter(m, param, c.Query)
		if err != nil {
			return "", err
		}
		list, err := b.conn(v, m, d, param, where, c)
		if err != nil {
			return "", err
		}
		if len(c.Owners) > 0 {
			b.params[param+"Owners"] = typeNames(c.Owners)
			list = fmt.Sprintf("CASE WHEN %s.type IN $%sOwners THEN %s END", v, param, list)
		}
		fields = append(fields, fmt.Sprintf("c%d: %s", i, list))
		if c.Query.WantTotal {
			fields = append(fields, fmt.Sprintf("c%dt: COUNT { MATCH %s%s }", i, pattern(v, fmt.Sprintf("r%d", d+1), m, c.Query), where))
		}
	}
	return v + " {" + strings.Join(fields, ", ") + "}", nil
}

// conn returns the COLLECT subquery of the connection c of the entity in variable v at depth d,
// whose other end is m, filtered by the clause where (otherFilter); its parameters start with
// param.
func (b *planBuilder) conn(v, m string, d int, param, where string, c kg.ConnPlan) (string, error) {
	for _, t := range c.Query.Types {
		if !relTypeName.MatchString(string(t)) {
			return "", fmt.Errorf("neo4j: plan: relationship type %q cannot be written into a statement", t)
		}
	}
	// A subquery sees the variables of the ones around it: each level has its own names.
	r, o := fmt.Sprintf("r%d", d+1), fmt.Sprintf("o%d", d+1)
	out := "true"
	switch c.Query.Direction {
	case kg.Incoming:
		out = "false"
	case kg.Both:
		out = fmt.Sprintf("startNode(%s) = %s", r, v)
	}
	b.params[param+"Offset"] = int64(c.Query.Offset)
	b.params[param+"Limit"] = int64(c.Query.Limit) + 1
	other := m + " {.id}"
	if c.Other != nil {
		var err error
		if other, err = b.node(m, d+1, *c.Other); err != nil {
			return "", err
		}
	}
	fields := []string{"t: type(" + r + ")", "o: " + o, "m: " + other}
	if ev := evidenceKeys(c.Evidence); len(ev) > 0 {
		fields = append(fields, "e: "+r+" {"+strings.Join(ev, ", ")+"}")
	}
	return fmt.Sprintf("COLLECT { MATCH %s%s WITH %s, %s, %s AS %s ORDER BY type(%s), %s.id, %s DESC SKIP $%sOffset LIMIT $%sLimit RETURN {%s} }",
		pattern(v, r, m, c.Query), where, r, m, out, o, r, m, o, param, param, strings.Join(fields, ", ")), nil
}

// pattern returns the pattern of the relationships of q from the entity in variable from.
func pattern(from, r, to string, q kg.RelQuery) string {
	types := ""
	if len(q.Types) > 0 {
		types = ":" + strings.Join(kg.RelationshipTypeNames(q.Types), "|")
	}
	switch q.Direction {
	case kg.Outgoing:
		return fmt.Sprintf("(%s)-[%s%s]->(%s:Entity)", from, r, types, to)
	case kg.Incoming:
		return fmt.Sprintf("(%s)<-[%s%s]-(%s:Entity)", from, r, types, to)
	}
	return fmt.Sprintf("(%s)-[%s%s]-(%s:Entity)", from, r, types, to)
}

// otherFilter returns the WHERE clause on the other end m of q's relationships, if q has one: its
// type, named by the parameter whose name starts with name, and q's filter.
func (b *planBuilder) otherFilter(m, name string, q kg.RelQuery) (string, error) {
	var conds []string
	if len(q.OtherTypes) > 0 {
		b.params[name+"Other"] = typeNames(q.OtherTypes)
		conds = append(conds, fmt.Sprintf("%s.type IN $%sOther", m, name))
	}
	if q.Where != nil {
		p, err := b.filters.pred(m, q.Where)
		if err != nil {
			return "", err
		}
		conds = append(conds, p)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), nil
}

// projection returns the property selectors of the projection of the entity in variable v for
// props.
func projection(v string, props kg.Props) []string {
	if props&kg.PropAll != 0 {
		return []string{".*"}
	}
	out := []string{".id", ".type"}
	out = append(out, texts(v, props, kg.PropNameEN, kg.PropNameFR, "nameEn", "nameFr")...)
	if props&kg.PropAliases != 0 {
		out = append(out, ".aliases")
	}
	out = append(out, texts(v, props, kg.PropDescriptionEN, kg.PropDescriptionFR, "descriptionEn", "descriptionFr")...)
	if props&kg.PropCategory != 0 {
		out = append(out, ".category")
	}
	return append(out, evidenceKeys(props)...)
}

// texts returns the selectors of a text in two languages, properties en and fr of the entity in
// variable v, as props reads it: both languages, or one, falling back to the other where it is
// empty, as kg.Text.In reads it.
func texts(v string, props, readEN, readFR kg.Props, en, fr string) []string {
	fallback := func(key, other string) string {
		return fmt.Sprintf("%s: CASE WHEN coalesce(%s.%s, '') <> '' THEN %s.%s ELSE %s.%s END", key, v, key, v, key, v, other)
	}
	switch {
	case props&readEN != 0 && props&readFR != 0:
		return []string{"." + en, "." + fr}
	case props&readEN != 0:
		return []string{fallback(en, fr)}
	case props&readFR != 0:
		return []string{fallback(fr, en)}
	}
	return nil
}

// evidenceKeys returns the selectors of the evidence lists of props.
func evidenceKeys(props kg.Props) []string {
	out := evidenceNames(props)
	for i, name := range out {
		out[i] = "." + name
	}
	return out
}

// evidenceNames returns the property names of the evidence lists of props.
func evidenceNames(props kg.Props) []string {
	out := []string{}
	for _, part := range []struct {
		prop kg.Props
		key  string
	}{
		{kg.PropEvidenceDocument, "evidenceDocuments"},
		{kg.PropEvidenceSection, "evidenceSections"},
		{kg.PropEvidenceQuote, "evidenceQuotes"},
		{kg.PropEvidenceQuoteEN, "evidenceQuotesEn"},
		{kg.PropEvidenceParagraph, "evidenceParagraphs"},
		{kg.PropEvidenceKind, "evidenceKinds"},
		{kg.PropEvidenceNote, "evidenceNotes"},
		{kg.PropEvidenceFootnote, "evidenceFootnotes"},
	} {
		if props&part.prop != 0 {
			out = append(out, part.key)
		}
	}
	return out
}

// plannedEntity decodes the projection raw of an entity read by the plan n.
func plannedEntity(raw any, n *kg.NodePlan) (*kg.PlannedEntity, error) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, decodeErr("plan", "entity is %T, want a map", raw)
	}
	e, err := entityFromProps("planned entity", m, true)
	if err != nil {
		return nil, err
	}
	pe := &kg.PlannedEntity{Entity: &e, Conns: make([]*kg.PlannedConn, len(n.Conns))}
	for i, c := range n.Conns {
		if !c.Follows(e.Type) {
			continue
		}
		pc, err := plannedConn(m, e.ID, c, fmt.Sprintf("c%d", i))
		if err != nil {
			return nil, err
		}
		pe.Conns[i] = pc
	}
	return pe, nil
}

// plannedConn decodes the connection under key in the projection m of the entity id.
func plannedConn(m map[string]any, id string, c kg.ConnPlan, key string) (*kg.PlannedConn, error) {
	rows, ok := m[key].([]any)
	if !ok {
		return nil, decodeErr("plan", "connection %q of %s is %T, want a list", key, id, m[key])
	}
	pc := &kg.PlannedConn{}
	if len(rows) > c.Query.Limit {
		pc.Page.HasMore, rows = true, rows[:c.Query.Limit]
	}
	if c.Query.WantTotal {
		total, ok := m[key+"t"].(int64)
		if !ok {
			return nil, decodeErr("plan", "total of %q of %s is %T, want an integer", key, id, m[key+"t"])
		}
		pc.Page.Total = int(total)
	}
	if c.Other != nil {
		pc.Others = make([]*kg.PlannedEntity, 0, len(rows))
	}
	for _, raw := range rows {
		row, ok := raw.(map[string]any)
		if !ok {
			return nil, decodeErr("plan", "relationship in %q of %s is %T, want a map", key, id, raw)
		}
		t, _ := row["t"].(string)
		out, _ := row["o"].(bool)
		other, ok := row["m"].(map[string]any)
		if !ok {
			return nil, decodeErr("plan", "other end in %q of %s is %T, want a map", key, id, row["m"])
		}
		otherID, _ := other["id"].(string)
		r := kg.Relationship{Type: kg.RelationshipType(t), From: otherID, To: id}
		if out {
			r.From, r.To = id, otherID
		}
		if ev, ok := row["e"].(map[string]any); ok {
			p := props{what: "relationship " + r.Key(), m: ev, partial: true}
			r.Evidence = p.evidence()
			if p.err != nil {
				return nil, p.err
			}
		}
		pc.Page.Relationships = append(pc.Page.Relationships, r)
		if c.Other != nil {
			pe, err := plannedEntity(other, c.Other)
			if err != nil {
				return nil, err
			}
			pc.Others = append(pc.Others, pe)
		}
	}
	return pc, nil
}
