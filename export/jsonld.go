package export

import (
	"encoding/json"
	"io"

	"github.com/drugwatch/roundtable-kg/kg"
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

// jsonldNode is an entity in the JSON-LD export.
type jsonldNode struct {
	ID            string            `json:"@id"`
	Type          string            `json:"@type"`
	Category      string            `json:"category,omitempty"`
	Name          map[string]string `json:"name"`
	AlternateName []string          `json:"alternateName,omitempty"`
	Description   map[string]string `json:"description,omitempty"`
	Role          map[string]string `json:"role,omitempty"`
	Number        int               `json:"number,omitempty"`
	StartDate     string            `json:"startDate,omitempty"`
	EndDate       string            `json:"endDate,omitempty"`
	Value         *float64          `json:"value,omitempty"`
	ValueText     string            `json:"valueText,omitempty"`
	Unit          string            `json:"unit,omitempty"`
	Period        string            `json:"period,omitempty"`
	Statement     map[string]string `json:"statement,omitempty"`
	Evidence      []jsonldEvidence  `json:"evidence"`
}

// jsonldRel is a relationship in the JSON-LD export: a node of its own, so that it can carry its
// evidence.
type jsonldRel struct {
	ID       string           `json:"@id"`
	Type     string           `json:"@type"`
	RelType  string           `json:"relationshipType"`
	From     string           `json:"from"`
	To       string           `json:"to"`
	Evidence []jsonldEvidence `json:"evidence"`
}

type jsonldEvidence struct {
	Document string `json:"document"`
	Section  string `json:"section"`
	Quote    string `json:"quote"`
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
		out[i] = jsonldEvidence{Document: "urn:roundtable-kg:document:" + e.Document, Section: e.Section, Quote: e.Quote}
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
		n := jsonldNode{
			ID: e.ID, Type: string(e.Type), Category: e.Category, Name: langMap(e.Name), AlternateName: e.Aliases,
			Description: langMap(e.Description), Role: langMap(e.Role), Number: e.Number,
			StartDate: e.StartDate, EndDate: e.EndDate, Evidence: jsonldEvidenceOf(e.Evidence),
		}
		if e.Type == kg.Fact {
			v := e.Value
			n.Value, n.ValueText, n.Unit, n.Period, n.Statement = &v, e.ValueText, e.Unit, e.Period, langMap(e.Statement)
		}
		emit(n)
	}
	for _, r := range g.Relationships {
		emit(jsonldRel{
			ID: "urn:roundtable-kg:relationship:" + r.Type + ":" + r.From + ":" + r.To, Type: "Relationship",
			RelType: r.Type, From: r.From, To: r.To, Evidence: jsonldEvidenceOf(r.Evidence),
		})
	}
	out.str("]}\n")
	return out.flush()
}
