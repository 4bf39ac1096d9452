package export

import (
	"encoding/json"
	"io"
	"slices"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j/propgraph"
)

// jsonldContext maps the JSON-LD export's terms to IRIs: entities and relationships are named
// under urn:roundtable-kg:, names and descriptions are language-tagged, and the evidence is a list
// of nodes with the document, the section and the quote.
var jsonldContext = map[string]any{
	"@vocab":        "urn:roundtable-kg:vocab:",
	"@base":         "urn:roundtable-kg:entity:",
	"schema":        "https://schema.org/",
	"name":          map[string]any{"@id": "schema:name", "@container": "@language"},
	"description":   map[string]any{"@id": "schema:description", "@container": "@language"},
	"statement":     map[string]any{"@container": "@language"},
	"role":          map[string]any{"@container": "@language"},
	"alternateName": map[string]any{"@id": "schema:alternateName"},
	"from":          map[string]any{"@type": "@id"},
	"to":            map[string]any{"@type": "@id"},
	"document":      map[string]any{"@type": "@id"},
	"quote":         "schema:text",
}

// languageKeys are the node properties that the JSON-LD export writes as language maps
// (name, description, role, statement) or under a schema.org name (aliases).
var languageKeys = []string{
	"id", "type", "nameFr", "nameEn", "descriptionFr", "descriptionEn", "roleFr", "roleEn",
	"statementFr", "statementEn", "aliases", "aliasesText",
}

// jsonldNode returns an entity of the JSON-LD export: its texts as language maps, its aliases as
// alternateName, its evidence as a list, and every other property of its Neo4j node as it is.
func jsonldNode(e kg.Entity) map[string]any {
	n := map[string]any{}
	for _, p := range propgraph.Node(e) {
		if !propgraph.IsInternal(p.Key) && !slices.Contains(evidenceKeys, p.Key) && !slices.Contains(languageKeys, p.Key) {
			n[p.Key] = p.Value
		}
	}
	n["@id"], n["@type"] = e.ID, string(e.Type)
	for key, text := range map[string]kg.Text{"name": e.Name, "description": e.Description, "role": e.Role, "statement": e.Statement} {
		if m := langMap(text); m != nil {
			n[key] = m
		}
	}
	if len(e.Aliases) > 0 {
		n["alternateName"] = e.Aliases
	}
	n["evidence"] = jsonldEvidenceOf(e.Evidence)
	return n
}

// jsonldRel is a relationship in the JSON-LD export: a node of its own, so that it can carry its
// evidence.
type jsonldRel struct {
	ID       string           `json:"@id"`
	Type     string           `json:"@type"`
	RelType  string           `json:"relationshipType"`
	From     string           `json:"from"`
	To       string           `json:"to"`
	Rank     int              `json:"rank,omitempty"`
	Evidence []jsonldEvidence `json:"evidence"`
}

type jsonldEvidence struct {
	Kind      string `json:"kind,omitempty"`
	Document  string `json:"document"`
	Section   string `json:"section,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"`
	Quote     string `json:"quote,omitempty"`
	QuoteEN   string `json:"quoteEn,omitempty"`
	Note      string `json:"note,omitempty"`
	Footnote  int    `json:"footnote,omitempty"`
}

func langMap(t kg.Text) map[string]string {
	m := map[string]string{}
	if t.FR != "" {
		m["fr"] = t.FR
	}
	if t.EN != "" {
		m["en"] = t.EN
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func jsonldEvidenceOf(list []kg.Evidence) []jsonldEvidence {
	out := make([]jsonldEvidence, len(list))
	for i, e := range list {
		out[i] = jsonldEvidence{Document: "urn:roundtable-kg:document:" + e.Document, Section: e.Section, Paragraph: e.Paragraph, Quote: e.Quote, QuoteEN: e.QuoteEN,
			Kind: e.Kind, Note: e.Note, Footnote: e.Footnote}
	}
	return out
}

// WriteJSONLD writes g as a JSON-LD document: one node per entity (typed by its entity type) and
// one per relationship (typed Relationship, with from, to and its evidence).
func WriteJSONLD(w io.Writer, g *Graph) error {
	out := newErrWriter(w)
	enc := json.NewEncoder(out.w)
	enc.SetEscapeHTML(false)
	out.str(`{"@context": `)
	if out.err == nil {
		out.err = enc.Encode(jsonldContext)
	}
	out.str(`, "@graph": [`, "\n")
	first := true
	emit := func(v any) {
		if !first {
			out.str(",")
		}
		first = false
		if out.err == nil {
			out.err = enc.Encode(v)
		}
	}
	for _, e := range g.Nodes {
		emit(jsonldNode(e))
	}
	for _, r := range g.Relationships {
		emit(jsonldRel{
			ID: "urn:roundtable-kg:relationship:" + string(r.Type) + ":" + r.From + ":" + r.To, Type: "Relationship",
			RelType: string(r.Type), From: r.From, To: r.To, Rank: r.Rank, Evidence: jsonldEvidenceOf(r.Evidence),
		})
	}
	out.str("]}\n")
	return out.flush()
}
