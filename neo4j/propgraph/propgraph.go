// Package propgraph encodes entities and relationships as the properties of a property graph:
// what the Neo4j store writes on its nodes and relationships (and reads back), and what the export
// writes in its GraphML, JSON and neo4j-admin CSV files. It imports no database driver, so the
// export can write the same properties without linking one.
//
// Neo4j properties cannot hold maps, so an entity's texts are flattened into lowerCamelCase
// properties (nameFr, nameEn, descriptionFr, ...) and evidence into parallel lists
// (evidenceDocuments, evidenceSections, evidenceQuotes, evidenceParagraphs with 0 for none,
// evidenceQuotesEn with "" for no translation, evidenceKinds "quote" or "reference" ("" reads as
// "quote"), evidenceNotes with "" for a quote, evidenceFootnotes with 0 for none), on nodes and
// relationships alike (a relationship also holds its rank, where it has one); a document's
// sections likewise into sectionIds, sectionTitlesFr and sectionTitlesEn. Each node also holds
// the internal properties (IsInternal): sortNameFr and sortNameEn (kg.SortKey), so that ORDER BY sorts
// as the embedded store does, and searchText (SearchText), what search looks up in the full-text
// index.
package propgraph

import (
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Property is one property of a node or a relationship as the Neo4j store writes it. Value is a
// string, a []string, an int64, an []int64 or a float64: the types Neo4j stores them as.
type Property struct {
	Key   string
	Value any
}

// internal are the node properties derived from the others for the Neo4j store's search and sort.
var internal = []string{"sortNameFr", "sortNameEn", "searchText"}

// IsInternal reports whether a node property is one that only the Neo4j store's search and sort
// use (sortNameFr, sortNameEn, searchText), derived from the others.
func IsInternal(key string) bool {
	return slices.Contains(internal, key)
}

// SearchText returns every folded word of e's searchable texts and its Snowball stems
// (kg.SearchDoc.Words), joined by spaces: what the full-text index holds for it, so that the
// index finds an entity by a stem as well as by a prefix of a word.
func SearchText(e kg.Entity) string {
	return strings.Join(kg.NewSearchDoc(e).Words(), " ")
}

// Node returns the properties of an entity's node, in a fixed order. Optional fields are
// left out when empty; a fact always has a value.
func Node(e kg.Entity) []Property {
	ps := []Property{{"id", e.ID}, {"type", string(e.Type)}}
	str := func(key, v string) {
		if v != "" {
			ps = append(ps, Property{key, v})
		}
	}
	str("category", e.Category)
	str("nameFr", e.Name.FR)
	str("nameEn", e.Name.EN)
	ps = append(ps, Property{"sortNameFr", kg.SortKey(&e, kg.FR)}, Property{"sortNameEn", kg.SortKey(&e, kg.EN)})
	if len(e.Aliases) > 0 {
		ps = append(ps, Property{"aliases", slices.Clone(e.Aliases)}, Property{"aliasesText", strings.Join(e.Aliases, " | ")})
	}
	str("descriptionFr", e.Description.FR)
	str("descriptionEn", e.Description.EN)
	str("roleFr", e.Role.FR)
	str("roleEn", e.Role.EN)
	if e.Number != 0 {
		ps = append(ps, Property{"number", int64(e.Number)})
	}
	str("startDate", e.StartDate)
	str("endDate", e.EndDate)
	if e.Type == kg.Fact || e.Value != 0 {
		ps = append(ps, Property{"value", e.Value})
	}
	str("valueText", e.ValueText)
	str("unit", e.Unit)
	str("kind", e.Kind)
	str("measure", e.Measure)
	str("series", e.Series)
	str("qualifier", e.Qualifier)
	str("period", e.Period)
	str("statementFr", e.Statement.FR)
	str("statementEn", e.Statement.EN)
	str("sessionNote", e.SessionNote)
	str("publisherFr", e.Publisher.FR)
	str("publisherEn", e.Publisher.EN)
	str("url", e.URL)
	str("language", string(e.Language))
	str("eventDate", e.EventDate)
	str("publicationDate", e.PublicationDate)
	if len(e.Sections) > 0 {
		// Sections, like evidence, are parallel lists: Neo4j properties cannot hold maps.
		ids, fr, en := make([]string, len(e.Sections)), make([]string, len(e.Sections)), make([]string, len(e.Sections))
		for i, s := range e.Sections {
			ids[i], fr[i], en[i] = s.ID, s.Title.FR, s.Title.EN
		}
		ps = append(ps, Property{"sectionIds", ids}, Property{"sectionTitlesFr", fr}, Property{"sectionTitlesEn", en})
	}
	ps = append(ps, Property{"searchText", SearchText(e)})
	return append(ps, evidence(e.Evidence)...)
}

// Relationship returns the properties of a relationship: its rank, when it has one, and
// its evidence.
func Relationship(r kg.Relationship) []Property {
	if r.Rank != 0 {
		return append([]Property{{"rank", int64(r.Rank)}}, evidence(r.Evidence)...)
	}
	return evidence(r.Evidence)
}

func evidence(ev []kg.Evidence) []Property {
	docs := make([]string, len(ev))
	sections := make([]string, len(ev))
	quotes := make([]string, len(ev))
	paragraphs := make([]int64, len(ev))
	quotesEn := make([]string, len(ev))
	kinds := make([]string, len(ev))
	notes := make([]string, len(ev))
	footnotes := make([]int64, len(ev))
	for i, e := range ev {
		docs[i], sections[i], quotes[i] = e.Document, e.Section, e.Quote
		paragraphs[i], quotesEn[i] = int64(e.Paragraph), e.QuoteEN
		kinds[i], notes[i], footnotes[i] = e.Kind, e.Note, int64(e.Footnote)
	}
	return []Property{
		{"evidenceDocuments", docs},
		{"evidenceSections", sections},
		{"evidenceQuotes", quotes},
		{"evidenceParagraphs", paragraphs},
		{"evidenceQuotesEn", quotesEn},
		{"evidenceKinds", kinds},
		{"evidenceNotes", notes},
		{"evidenceFootnotes", footnotes},
	}
}
