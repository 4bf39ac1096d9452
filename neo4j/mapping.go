package neo4j

import (
	"math"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/drugwatch/roundtable-kg/kg"
)

// This file maps the values the driver returns (dbtype.Node, dbtype.Relationship, dbtype.Path,
// []any, nil, int64 and float64) to the types of package kg, following the property names that
// Scripts and Seed write. A missing optional property is the zero value, as in the embedded
// store; a property of the wrong type is a decodeError.

// entityFromNode reads an entity from a node.
func entityFromNode(n dbtype.Node) (kg.Entity, error) {
	return entityFromProps("node "+n.ElementId, n.Props, false)
}

// entityFromProps reads an entity from its properties m. With partial, m holds only some of
// them (a projection): a list of evidence that is missing is not an inconsistency.
func entityFromProps(what string, m map[string]any, partial bool) (kg.Entity, error) {
	p := props{what: what, m: m, partial: partial}
	e := kg.Entity{
		ID:          p.str("id"),
		Type:        kg.EntityType(p.str("type")),
		Category:    p.str("category"),
		Name:        kg.Text{FR: p.str("nameFr"), EN: p.str("nameEn")},
		Aliases:     p.strs("aliases"),
		Description: kg.Text{FR: p.str("descriptionFr"), EN: p.str("descriptionEn")},
		Role:        kg.Text{FR: p.str("roleFr"), EN: p.str("roleEn")},
		Number:      p.integer("number"),
		StartDate:   p.str("startDate"),
		EndDate:     p.str("endDate"),
		Value:       p.float("value"),
		ValueText:   p.str("valueText"),
		Unit:        p.str("unit"),
		Kind:        p.str("kind"),
		Measure:     p.str("measure"),
		Series:      p.str("series"),
		Qualifier:   p.str("qualifier"),
		Period:      p.str("period"),
		Statement:   kg.Text{FR: p.str("statementFr"), EN: p.str("statementEn")},
		SessionNote: p.str("sessionNote"),
		Evidence:    p.evidence(),

		Publisher:       kg.Text{FR: p.str("publisherFr"), EN: p.str("publisherEn")},
		URL:             p.str("url"),
		Language:        kg.Language(p.str("language")),
		EventDate:       p.str("eventDate"),
		PublicationDate: p.str("publicationDate"),
		Sections:        p.sections(),
	}
	if e.Aliases == nil {
		e.Aliases = []string{}
	}
	if p.err == nil && e.ID == "" {
		p.err = decodeErr(p.what, "no id")
	}
	if p.err == nil && !e.Type.Valid() {
		p.err = decodeErr(p.what, "entity %q has unknown type %q", e.ID, e.Type)
	}
	return e, p.err
}

// relFromDB reads a relationship whose ends have the ids from and to.
func relFromDB(r dbtype.Relationship, from, to string) (kg.Relationship, error) {
	p := props{what: "relationship " + r.ElementId, m: r.Props}
	rel := kg.Relationship{Type: kg.RelationshipType(r.Type), From: from, To: to, Rank: p.integer("rank"), Evidence: p.evidence()}
	if p.err == nil && (from == "" || to == "") {
		p.err = decodeErr(p.what, "%s has an end without id", r.Type)
	}
	return rel, p.err
}

// pathFromDB reads a path. Its relationships name their ends by element id; the path's nodes give
// the entity ids.
func pathFromDB(path dbtype.Path) (*kg.Path, error) {
	if len(path.Nodes) != len(path.Relationships)+1 {
		return nil, decodeErr("path", "%d nodes for %d relationships", len(path.Nodes), len(path.Relationships))
	}
	out := &kg.Path{}
	ids := map[string]string{}
	for _, n := range path.Nodes {
		e, err := entityFromNode(n)
		if err != nil {
			return nil, err
		}
		ids[n.ElementId] = e.ID
		out.Nodes = append(out.Nodes, e)
	}
	for i, r := range path.Relationships {
		from, to := ids[r.StartElementId], ids[r.EndElementId]
		a, b := out.Nodes[i].ID, out.Nodes[i+1].ID
		if !(from == a && to == b || from == b && to == a) {
			return nil, decodeErr("path", "relationship %d does not join %s and %s", i, a, b)
		}
		rel, err := relFromDB(r, from, to)
		if err != nil {
			return nil, err
		}
		out.Relationships = append(out.Relationships, rel)
	}
	return out, nil
}

// pathFromProjection reads a path projected by shortest-path.cypher: {nodes, rels}, each node a
// node or a projection of some of its properties, each relationship {type, forward, evidence},
// forward when it points from the node before it to the one after, and evidence the values of
// the lists named by keys, in order.
func pathFromProjection(m map[string]any, keys []string) (*kg.Path, error) {
	nodes, ok := m["nodes"].([]any)
	if !ok {
		return nil, decodeErr("path", "nodes are %T, want a list", m["nodes"])
	}
	rels, ok := m["rels"].([]any)
	if !ok {
		return nil, decodeErr("path", "relationships are %T, want a list", m["rels"])
	}
	if len(nodes) != len(rels)+1 {
		return nil, decodeErr("path", "%d nodes for %d relationships", len(nodes), len(rels))
	}
	out := &kg.Path{Nodes: make([]kg.Entity, len(nodes)), Relationships: make([]kg.Relationship, len(rels))}
	for i, raw := range nodes {
		e, err := nodeOrProps("path node", raw)
		if err != nil {
			return nil, err
		}
		out.Nodes[i] = e
	}
	for i, raw := range rels {
		r, ok := raw.(map[string]any)
		if !ok {
			return nil, decodeErr("path", "relationship %d is %T, want a map", i, raw)
		}
		typ, _ := r["type"].(string)
		forward, ok := r["forward"].(bool)
		if typ == "" || !ok {
			return nil, decodeErr("path", "relationship %d has type %v and direction %v", i, r["type"], r["forward"])
		}
		rel := kg.Relationship{Type: kg.RelationshipType(typ), From: out.Nodes[i].ID, To: out.Nodes[i+1].ID}
		if !forward {
			rel.From, rel.To = rel.To, rel.From
		}
		if len(keys) > 0 {
			values, ok := r["evidence"].([]any)
			if !ok || len(values) != len(keys) {
				return nil, decodeErr("path", "relationship %d has evidence %v, want %d lists", i, r["evidence"], len(keys))
			}
			ev := make(map[string]any, len(keys))
			for j, k := range keys {
				ev[k] = values[j]
			}
			p := props{what: "relationship " + rel.Key(), m: ev, partial: true}
			if rel.Evidence = p.evidence(); p.err != nil {
				return nil, p.err
			}
		}
		out.Relationships[i] = rel
	}
	return out, nil
}

// props reads properties, keeping the first error.
type props struct {
	what string
	m    map[string]any
	err  error
	// partial is set when m is a projection of some properties.
	partial bool
}

func (p *props) fail(key string, v any, want string) {
	if p.err == nil {
		p.err = decodeErr(p.what, "property %s is %T, want %s", key, v, want)
	}
}

func (p *props) str(key string) string {
	switch v := p.m[key].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		p.fail(key, v, "a string")
		return ""
	}
}

func (p *props) strs(key string) []string {
	return p.strList(key, p.m[key])
}

func (p *props) strList(key string, raw any) []string {
	switch v := raw.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				p.fail(key, x, "a list of strings")
				return nil
			}
			out = append(out, s)
		}
		return out
	default:
		p.fail(key, v, "a list of strings")
		return nil
	}
}

func (p *props) integer(key string) int {
	switch v := p.m[key].(type) {
	case nil:
		return 0
	case int64:
		return int(v)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return int(v)
		}
	}
	p.fail(key, p.m[key], "an integer")
	return 0
}

func (p *props) float(key string) float64 {
	switch v := p.m[key].(type) {
	case nil:
		return 0
	case float64:
		return v
	case int64:
		return float64(v)
	}
	p.fail(key, p.m[key], "a number")
	return 0
}

// evidence reads the parallel lists evidenceDocuments, evidenceSections, evidenceQuotes,
// evidenceParagraphs, evidenceQuotesEn, evidenceKinds, evidenceNotes and evidenceFootnotes. No
// evidence is nil, as in the embedded store.
func (p *props) evidence() []kg.Evidence {
	docs := p.strs("evidenceDocuments")
	sections := p.strs("evidenceSections")
	quotes := p.strs("evidenceQuotes")
	n := len(docs)
	if p.partial {
		// A projection holds some of the lists: the first one present gives the length, and the
		// others are zero values.
		for _, list := range [][]string{docs, sections, quotes, p.strs("evidenceQuotesEn"), p.strs("evidenceKinds"), p.strs("evidenceNotes")} {
			if list != nil {
				n = len(list)
				break
			}
		}
		for _, list := range [][]int{p.ints("evidenceParagraphs"), p.ints("evidenceFootnotes")} {
			if n == 0 && list != nil {
				n = len(list)
			}
		}
		if docs == nil {
			docs = make([]string, n)
		}
	}
	// A list whose elements are all empty (the sections and quotes of references) may come back
	// as no list at all from an import that writes arrays as delimited text; a projection may
	// leave it out too.
	if sections == nil {
		sections = make([]string, n)
	}
	if quotes == nil {
		quotes = make([]string, n)
	}
	// Paragraphs and translations came later than the other lists: a database seeded before them
	// has neither, which reads as no paragraph and no translation.
	paragraphs := p.ints("evidenceParagraphs")
	if paragraphs == nil {
		paragraphs = make([]int, n)
	}
	quotesEn := p.strs("evidenceQuotesEn")
	if quotesEn == nil {
		quotesEn = make([]string, n)
	}
	// Kinds, notes and footnotes came later still: without them, every evidence is a quote
	// (an empty kind reads as kg.EvidenceQuote).
	kinds := p.strs("evidenceKinds")
	if kinds == nil {
		kinds = make([]string, n)
	}
	notes := p.strs("evidenceNotes")
	if notes == nil {
		notes = make([]string, n)
	}
	footnotes := p.ints("evidenceFootnotes")
	if footnotes == nil {
		footnotes = make([]int, n)
	}
	if len(kinds) != n || len(notes) != n || len(footnotes) != n {
		if p.err == nil {
			p.err = decodeErr(p.what, "evidence lists of different lengths: %d documents, %d kinds, %d notes, %d footnotes", n, len(kinds), len(notes), len(footnotes))
		}
		return nil
	}
	if len(sections) != n || len(quotes) != n || len(paragraphs) != n || len(quotesEn) != n {
		if p.err == nil {
			p.err = decodeErr(p.what, "evidence lists of different lengths: %d documents, %d sections, %d quotes, %d paragraphs, %d English quotes",
				n, len(sections), len(quotes), len(paragraphs), len(quotesEn))
		}
		return nil
	}
	var out []kg.Evidence
	for i := range docs {
		out = append(out, kg.Evidence{Kind: kinds[i], Document: docs[i], Section: sections[i], Quote: quotes[i], Note: notes[i],
			Footnote: footnotes[i], Paragraph: paragraphs[i], QuoteEN: quotesEn[i]})
	}
	return out
}

// sections reads a document's parallel lists sectionIds, sectionTitlesFr and sectionTitlesEn.
func (p *props) sections() []kg.Section {
	ids := p.strs("sectionIds")
	fr := p.strs("sectionTitlesFr")
	en := p.strs("sectionTitlesEn")
	if len(fr) != len(ids) || len(en) != len(ids) {
		if p.err == nil {
			p.err = decodeErr(p.what, "section lists of different lengths: %d ids, %d French titles, %d English titles", len(ids), len(fr), len(en))
		}
		return nil
	}
	var out []kg.Section
	for i := range ids {
		out = append(out, kg.Section{ID: ids[i], Title: kg.Text{FR: fr[i], EN: en[i]}})
	}
	return out
}

// ints reads a list of integers.
func (p *props) ints(key string) []int {
	switch v := p.m[key].(type) {
	case nil:
		return nil
	case []any:
		out := make([]int, 0, len(v))
		for _, x := range v {
			n, ok := x.(int64)
			if !ok {
				p.fail(key, x, "a list of integers")
				return nil
			}
			out = append(out, int(n))
		}
		return out
	default:
		p.fail(key, v, "a list of integers")
		return nil
	}
}

// value reads a column of a record as T. A null is the zero value.
func value[T neo4j.RecordValue](rec *neo4j.Record, key string) (T, error) {
	v, _, err := neo4j.GetRecordValue[T](rec, key)
	if err != nil {
		return v, decodeErr("column "+key, "%v", err)
	}
	return v, nil
}

// entityColumn reads an entity from a column holding a node.
func entityColumn(rec *neo4j.Record, key string) (kg.Entity, error) {
	n, isNil, err := neo4j.GetRecordValue[dbtype.Node](rec, key)
	if err != nil || isNil {
		return kg.Entity{}, decodeErr("column "+key, "want a node: %v", err)
	}
	return entityFromNode(n)
}

// relFromMap reads a relationship from a map {rel: relationship, from: id, to: id}.
func relFromMap(raw any) (kg.Relationship, error) {
	m, ok := raw.(map[string]any)
	if !ok {
		return kg.Relationship{}, decodeErr("relationship entry", "%T, want a map", raw)
	}
	from, _ := m["from"].(string)
	to, _ := m["to"].(string)
	if typ, ok := m["type"].(string); ok && m["rel"] == nil {
		// A relationship read as its type and ends alone.
		if from == "" || to == "" {
			return kg.Relationship{}, decodeErr("relationship entry", "%s has an end without id", typ)
		}
		return kg.Relationship{Type: kg.RelationshipType(typ), From: from, To: to}, nil
	}
	r, ok := m["rel"].(dbtype.Relationship)
	if !ok {
		return kg.Relationship{}, decodeErr("relationship entry", "rel is %T, want a relationship", m["rel"])
	}
	return relFromDB(r, from, to)
}
