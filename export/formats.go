package export

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j/propgraph"
)

// property is one node or relationship property: its key and its value as text, with the type a
// reader needs to get the value back.
type property struct {
	key   string
	kind  string // "string", "string[]", "long", "long[]" or "double"
	value string // arrays as JSON
	list  []string
}

// properties returns ps as text. The neo4j-admin files keep the internal properties
// (propgraph.IsInternal) so that the Neo4j store can serve an imported database; the other
// formats leave them out.
func properties(ps []propgraph.Property, keepInternal bool) []property {
	var out []property
	for _, p := range ps {
		if !keepInternal && propgraph.IsInternal(p.Key) {
			continue
		}
		switch v := p.Value.(type) {
		case string:
			out = append(out, property{key: p.Key, kind: "string", value: v})
		case []string:
			data, _ := json.Marshal(v) // a []string always marshals
			out = append(out, property{key: p.Key, kind: "string[]", value: string(data), list: v})
		case []int64:
			list := make([]string, len(v))
			for i, n := range v {
				list[i] = strconv.FormatInt(n, 10)
			}
			data, _ := json.Marshal(v) // an []int64 always marshals
			out = append(out, property{key: p.Key, kind: "long[]", value: string(data), list: list})
		case int64:
			out = append(out, property{key: p.Key, kind: "long", value: strconv.FormatInt(v, 10)})
		case float64:
			out = append(out, property{key: p.Key, kind: "double", value: strconv.FormatFloat(v, 'g', -1, 64)})
		default:
			panic(fmt.Sprintf("export: property %s has type %T", p.Key, p.Value))
		}
	}
	return out
}

// columns returns the distinct keys of the properties of every row, in first-seen order, with
// their kinds.
func columns(rows [][]property) ([]string, map[string]string) {
	var keys []string
	kinds := map[string]string{}
	for _, row := range rows {
		for _, p := range row {
			if _, ok := kinds[p.key]; !ok {
				keys = append(keys, p.key)
				kinds[p.key] = p.kind
			}
		}
	}
	return keys, kinds
}

func nodeProperties(g *Graph, keepInternal bool) [][]property {
	rows := make([][]property, len(g.Nodes))
	for i, e := range g.Nodes {
		rows[i] = properties(propgraph.Node(e), keepInternal)
	}
	return rows
}

func relProperties(g *Graph) [][]property {
	rows := make([][]property, len(g.Relationships))
	for i, r := range g.Relationships {
		rows[i] = properties(propgraph.Relationship(r), false)
	}
	return rows
}

// graphmlType maps a property kind to a GraphML attribute type; arrays are JSON strings.
func graphmlType(kind string) string {
	switch kind {
	case "long":
		return "long"
	case "double":
		return "double"
	}
	return "string"
}

func escape(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		panic(err) // a strings.Builder never fails
	}
	return b.String()
}

// WriteGraphML writes g as GraphML: one key per property (arrays such as aliases and the
// evidence as JSON arrays), a label per node (its English name), and the relationship type on
// every edge. A node's type is written as the API writes it (PLACE, FACT), not as the store
// keeps it (Place, Fact).
func WriteGraphML(w io.Writer, g *Graph) error {
	out := newErrWriter(w)
	nodes, rels := nodeProperties(g, false), relProperties(g)
	nodeKeys, nodeKinds := columns(nodes)
	relKeys, relKinds := columns(rels)
	out.str(`<?xml version="1.0" encoding="UTF-8"?>`, "\n",
		`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">`, "\n")
	out.str(`  <key id="label" for="node" attr.name="label" attr.type="string"/>`, "\n")
	for _, k := range nodeKeys {
		out.str(`  <key id="n_`, k, `" for="node" attr.name="`, k, `" attr.type="`, graphmlType(nodeKinds[k]), `"/>`, "\n")
	}
	out.str(`  <key id="e_type" for="edge" attr.name="type" attr.type="string"/>`, "\n")
	for _, k := range relKeys {
		out.str(`  <key id="e_`, k, `" for="edge" attr.name="`, k, `" attr.type="`, graphmlType(relKinds[k]), `"/>`, "\n")
	}
	out.str(`  <graph id="roundtable-kg" edgedefault="directed">`, "\n")
	for i, e := range g.Nodes {
		out.str(`    <node id="`, escape(e.ID), `">`, "\n")
		out.str(`      <data key="label">`, escape(e.Name.In(kg.EN)), "</data>\n")
		for _, p := range nodes[i] {
			if p.key == "type" {
				p.value = strings.ToUpper(p.value)
			}
			out.str(`      <data key="n_`, p.key, `">`, escape(p.value), "</data>\n")
		}
		out.str("    </node>\n")
	}
	for i, r := range g.Relationships {
		out.str(`    <edge id="e`, strconv.Itoa(i), `" source="`, escape(r.From), `" target="`, escape(r.To), `">`, "\n")
		out.str(`      <data key="e_type">`, escape(string(r.Type)), "</data>\n")
		for _, p := range rels[i] {
			out.str(`      <data key="e_`, p.key, `">`, escape(p.value), "</data>\n")
		}
		out.str("    </edge>\n")
	}
	out.str("  </graph>\n</graphml>\n")
	return out.flush()
}

// evidenceKeys are the node and relationship properties that hold the evidence as parallel
// arrays; the JSON formats write the evidence as a list of objects instead.
var evidenceKeys = []string{"evidenceDocuments", "evidenceSections", "evidenceQuotes", "evidenceParagraphs", "evidenceQuotesEn",
	"evidenceKinds", "evidenceNotes", "evidenceFootnotes"}

// JSONNode returns a node of the JSON export: every property the seed gives the entity's node
// (the same names as in Neo4j, such as nameFr and nameEn), except the store's own search and sort
// keys, with the evidence as a list of {document, section, quote}.
func JSONNode(e kg.Entity) map[string]any {
	n := map[string]any{}
	for _, p := range propgraph.Node(e) {
		if !propgraph.IsInternal(p.Key) && !slices.Contains(evidenceKeys, p.Key) {
			n[p.Key] = p.Value
		}
	}
	n["evidence"] = evidenceList(e.Evidence)
	return n
}

func evidenceList(list []kg.Evidence) []kg.Evidence {
	if list == nil {
		return []kg.Evidence{}
	}
	return list
}

// JSONLink is a relationship of the JSON export, from source to target.
type JSONLink struct {
	Source   string        `json:"source"`
	Target   string        `json:"target"`
	Type     string        `json:"type"`
	Rank     int           `json:"rank,omitempty"`
	Evidence []kg.Evidence `json:"evidence"`
}

// WriteJSON writes g as {"nodes": [...], "links": [...]} (JSONNode, JSONLink), one node or link
// per line.
func WriteJSON(w io.Writer, g *Graph) error {
	out := newErrWriter(w)
	enc := json.NewEncoder(out.w)
	enc.SetEscapeHTML(false)
	out.str(`{"nodes": [`, "\n")
	for i, e := range g.Nodes {
		if i > 0 {
			out.str(",")
		}
		if out.err == nil {
			out.err = enc.Encode(JSONNode(e))
		}
	}
	out.str(`], "links": [`, "\n")
	for i, r := range g.Relationships {
		if i > 0 {
			out.str(",")
		}
		if out.err == nil {
			out.err = enc.Encode(JSONLink{Source: r.From, Target: r.To, Type: string(r.Type), Rank: r.Rank, Evidence: evidenceList(r.Evidence)})
		}
	}
	out.str("]}\n")
	return out.flush()
}

// ArrayDelimiter separates the elements of an array in the neo4j-admin files: give it to the
// import as --array-delimiter. No text of the graph holds it; the writers fail if one does.
const ArrayDelimiter = "|"

// neo4jHeader returns the header of a neo4j-admin file: the fixed columns, then one per property
// key with its type.
func neo4jHeader(fixed []string, keys []string, kinds map[string]string) []string {
	h := slices.Clone(fixed)
	for _, k := range keys {
		if kinds[k] == "string" {
			h = append(h, k)
			continue
		}
		h = append(h, k+":"+kinds[k])
	}
	return h
}

func neo4jRow(fixed []string, keys []string, props []property) ([]string, error) {
	row := slices.Clone(fixed)
	byKey := map[string]property{}
	for _, p := range props {
		byKey[p.key] = p
	}
	for _, k := range keys {
		p, ok := byKey[k]
		switch {
		case !ok:
			row = append(row, "")
		case p.kind == "string[]" || p.kind == "long[]":
			for _, v := range p.list {
				if strings.Contains(v, ArrayDelimiter) {
					return nil, fmt.Errorf("export: %s holds the array delimiter %q: %q", k, ArrayDelimiter, v)
				}
			}
			row = append(row, strings.Join(p.list, ArrayDelimiter))
		default:
			row = append(row, p.value)
		}
	}
	return row, nil
}

// WriteNeo4jNodes writes the nodes file of neo4j-admin database import full: the id in the
// Entity id space, the labels Entity and the type, and every property the seed scripts set.
func WriteNeo4jNodes(w io.Writer, g *Graph) error {
	rows := nodeProperties(g, true)
	keys, kinds := columns(rows)
	keys = slices.DeleteFunc(keys, func(k string) bool { return k == "id" })
	fixed := func(i int) []string { e := g.Nodes[i]; return []string{e.ID, "Entity" + ";" + string(e.Type)} }
	return writeNeo4jCSV(w, []string{"id:ID(Entity)", ":LABEL"}, fixed, keys, kinds, rows)
}

// WriteNeo4jRelationships writes the relationships file of neo4j-admin database import full.
func WriteNeo4jRelationships(w io.Writer, g *Graph) error {
	rows := relProperties(g)
	keys, kinds := columns(rows)
	fixed := func(i int) []string { r := g.Relationships[i]; return []string{r.From, r.To, string(r.Type)} }
	return writeNeo4jCSV(w, []string{":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"}, fixed, keys, kinds, rows)
}

// writeNeo4jCSV writes a CSV file of neo4j-admin import: the header of the fixed columns and of
// the properties keys (of kinds), then for each row i the fixed columns fixed(i) and rows[i].
func writeNeo4jCSV(w io.Writer, head []string, fixed func(i int) []string, keys []string, kinds map[string]string, rows [][]property) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(neo4jHeader(head, keys, kinds)); err != nil {
		return err
	}
	for i := range rows {
		row, err := neo4jRow(fixed(i), keys, rows[i])
		if err != nil {
			return err
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CitationHeader is the header of the citations file.
var CitationHeader = []string{"kind", "id", "type", "from", "to", "nameEn", "nameFr", "document", "section", "paragraph", "quote", "quoteEn", "citation", "citationEn", "evidenceKind", "note"}

func citationRow(fixed []string, g *Graph, ev kg.Evidence) []string {
	paragraph := ""
	if ev.Paragraph > 0 {
		paragraph = strconv.Itoa(ev.Paragraph)
	}
	kind := ev.Kind
	if kind == "" {
		kind = kg.EvidenceQuote
	}
	return append(fixed, ev.Document, ev.Section, paragraph, ev.Quote, ev.QuoteEN, citation(g, ev, kg.FR), citation(g, ev, kg.EN), kind, ev.Note)
}

// WriteCitations writes one row per evidence of every node and relationship: where it is, the
// quote and its unofficial English translation, ready citations in French and English, and whether
// the evidence is a quote or a reference (world knowledge, with its note).
func WriteCitations(w io.Writer, g *Graph) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CitationHeader); err != nil {
		return err
	}
	for _, e := range g.Nodes {
		for _, ev := range e.Evidence {
			if err := cw.Write(citationRow([]string{"entity", e.ID, string(e.Type), "", "", e.Name.EN, e.Name.FR}, g, ev)); err != nil {
				return err
			}
		}
	}
	for _, r := range g.Relationships {
		for _, ev := range r.Evidence {
			if err := cw.Write(citationRow([]string{"relationship", r.Key(), string(r.Type), r.From, r.To, "", ""}, g, ev)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
