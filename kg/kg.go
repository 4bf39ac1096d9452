// Package kg is the domain of the knowledge graph: entities, relationships, evidence, the
// relationship vocabulary, query options, and the Store interface that every backend implements.
//
// Nothing in this package talks to GraphQL, HTTP or a database. What every store must agree on
// to answer alike is here, Neo4j's constraints included: the stop words of its full-text
// analyzer, which the embedded store's search leaves out too, and what a full-text index must
// hold and look up for search to rank as the embedded store does (search.go, searchdoc.go).
// Entity and relationship types are Neo4j's labels and relationship types as they are.
package kg

import (
	"fmt"
	"slices"
	"strings"
)

// Language is a language in which names, descriptions and statements are available.
type Language string

// The languages of the graph. French is the language of the sources.
const (
	EN Language = "en"
	FR Language = "fr"
)

// Text is a string in both languages of the graph.
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// In returns the text in lang, falling back to the other language when it is empty.
func (t Text) In(lang Language) string {
	if lang == FR {
		if t.FR != "" {
			return t.FR
		}
		return t.EN
	}
	if t.EN != "" {
		return t.EN
	}
	return t.FR
}

// IsZero reports whether both languages are empty.
func (t Text) IsZero() bool { return t.FR == "" && t.EN == "" }

// The kinds of evidence: the words of a source, or world knowledge that the source does not state.
const (
	EvidenceQuote     = "quote"
	EvidenceReference = "reference"
)

// Evidence ties a statement of the graph to the words of a source document, or, for a reference,
// says in a note what world knowledge supports it.
type Evidence struct {
	// Kind is EvidenceQuote or EvidenceReference; empty reads as EvidenceQuote.
	Kind     string `json:"kind,omitempty"`
	Document string `json:"document"`
	Section  string `json:"section"`
	// Quote is the source's words, without the markers of footnotes ("Note de bas de page 2"); empty
	// for a reference.
	Quote string `json:"quote"`
	// Note says, for a reference, what is known and from where; empty for a quote.
	Note string `json:"note,omitempty"`
	// Footnote is the number of the footnote whose marker the source has inside or right after the
	// quote; 0 for none.
	Footnote int `json:"footnote,omitempty"`
	// Paragraph is the paragraph of the section that holds the quote, counted from 1 after the
	// section's heading; 0 when the quote is in the heading itself or unknown.
	Paragraph int `json:"paragraph,omitempty"`
	// QuoteEN is an unofficial English translation of Quote; empty when there is none.
	QuoteEN string `json:"quoteEn,omitempty"`
}

// IsReference reports whether the evidence is world knowledge rather than a quote.
func (e Evidence) IsReference() bool { return e.Kind == EvidenceReference }

// QuoteIn returns the quote in lang: the source's words for French, the unofficial translation
// for English. translated reports that the text is a translation rather than the source's words;
// it is false when no translation exists and the source's words are returned instead.
func (e Evidence) QuoteIn(lang Language) (text string, translated bool) {
	if lang == EN && e.QuoteEN != "" {
		return e.QuoteEN, true
	}
	return e.Quote, false
}

// Entity is a node of the graph. Fields that do not apply to its type are left zero.
type Entity struct {
	ID          string
	Type        EntityType
	Category    string
	Name        Text
	Aliases     []string
	Description Text
	Evidence    []Evidence

	// Role is a person's title as the source gives it.
	Role Text
	// Number is a plenary session's number.
	Number int
	// StartDate and EndDate are ISO dates, year-months or years.
	StartDate string
	EndDate   string

	// Value, ValueText, Unit, Kind, Qualifier, Period and Statement describe a Fact.
	Value     float64
	ValueText string
	Unit      string
	// Kind is what sort of figure it is, one of FactKinds.
	Kind string
	// Measure is what the figure measures, one of Measures: seizures, deaths, cases, ...
	Measure string
	// Series names the figures of one measure and subject across periods; empty when the figure
	// belongs to none.
	Series string
	// Qualifier says how the source bounds the value, one of Qualifiers.
	Qualifier string
	Period    string
	Statement Text
	// SessionNote says why a fact was reported in no session of its event, when it was not.
	SessionNote string

	// Publisher, URL, Language, EventDate, PublicationDate and Sections describe a Document.
	Publisher Text
	URL       string
	// Language is the language the document is written in.
	Language Language
	// EventDate is the date of the event the document summarises: an ISO date or an ISO interval
	// (2019-10-08/2019-10-09).
	EventDate string
	// PublicationDate is empty when the document does not give one.
	PublicationDate string
	Sections        []Section
}

// Section is a section of a document: its id (as evidence names it) and its heading.
type Section struct {
	ID    string
	Title Text
}

// Clone returns a copy of e that shares no slice with it, with Aliases never nil.
func (e Entity) Clone() Entity {
	e.Aliases = slices.Clone(e.Aliases)
	if e.Aliases == nil {
		e.Aliases = []string{}
	}
	e.Evidence = slices.Clone(e.Evidence)
	e.Sections = slices.Clone(e.Sections)
	return e
}

// Relationship is a directed, typed edge of the graph, with the evidence that supports it.
type Relationship struct {
	Type     RelationshipType
	From     string
	To       string
	Evidence []Evidence
	// Rank orders the ends of relationships of one type and origin where the text ranks them
	// ("les substances les plus couramment interceptées" lists them in order), from 1; 0 when
	// the text gives no order.
	Rank int
}

// Clone returns a copy of r that shares no slice with it.
func (r Relationship) Clone() Relationship {
	r.Evidence = slices.Clone(r.Evidence)
	return r
}

// Key identifies a relationship: there is at most one of each type between two entities.
func (r Relationship) Key() string { return string(r.Type) + "|" + r.From + "|" + r.To }

// Direction selects relationships by the side an entity is on.
type Direction int

// The directions of a relationship seen from an entity.
const (
	Both Direction = iota
	Outgoing
	Incoming
)

// String returns the direction's name.
func (d Direction) String() string {
	switch d {
	case Outgoing:
		return "OUTGOING"
	case Incoming:
		return "INCOMING"
	default:
		return "BOTH"
	}
}

// Slug reports whether s is a valid id: lower-case ASCII letters and digits in words joined by '-'.
func Slug(s string) bool {
	if s == "" || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Errorf returns an error wrapping sentinel with a message for the user.
func Errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), sentinel)
}
