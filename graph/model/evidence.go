package model

import "github.com/drugwatch/roundtable-kg/kg"

// translationNote says, in English, what a quote's translation is.
const translationNote = "Unofficial English translation made for this graph, not by the publisher; the French quote is the authoritative text."

// Evidence is a passage that supports an entity or a relationship, as the GraphQL type Evidence
// reads it: the domain's evidence, with methods for the fields that translate it (its kind, the
// optional note, footnote and paragraph, the quote in a language, the translation). Being methods
// without a context rather than resolvers, they run inline: a list of evidence whose selection
// asks for no citation (which loads its document) needs no goroutine per element.
type Evidence struct {
	*kg.Evidence
}

// EvidenceList returns the evidence of list as the generated code expects them. They point into
// list, which the stores hand out for reading only: nothing may modify them.
func EvidenceList(list []kg.Evidence) []*Evidence {
	items := make([]Evidence, len(list))
	out := make([]*Evidence, len(list))
	for i := range list {
		items[i].Evidence = &list[i]
		out[i] = &items[i]
	}
	return out
}

// Kind returns whether the evidence is a quote or a reference; an empty kind is a quote.
func (e *Evidence) Kind() EvidenceKind {
	if e.IsReference() {
		return EvidenceKindReference
	}
	return EvidenceKindQuote
}

// Note returns what a reference says of what is known and from where, or nil for none.
func (e *Evidence) Note() *string { return optionalText(e.Evidence.Note) }

// Footnote returns the number of the footnote the source calls at the quote, or nil for none.
func (e *Evidence) Footnote() *int { return positive(e.Evidence.Footnote) }

// Paragraph returns the paragraph of the section that holds the quote, or nil when it has none.
func (e *Evidence) Paragraph() *int { return positive(e.Evidence.Paragraph) }

// Quote returns the quote in lang; French when lang is not given.
func (e *Evidence) Quote(lang *Language) string {
	l := kg.FR
	if lang != nil && *lang == LanguageEn {
		l = kg.EN
	}
	text, _ := e.QuoteIn(l)
	return text
}

// Translation returns the unofficial English translation of the quote, or nil.
func (e *Evidence) Translation() *QuoteTranslation {
	text, translated := e.QuoteIn(kg.EN)
	if !translated {
		return nil
	}
	return &QuoteTranslation{Language: LanguageEn, Text: text, Official: false, Note: translationNote}
}

// positive returns n, or nil when it is not positive: the data's 0 for none.
func positive(n int) *int {
	if n <= 0 {
		return nil
	}
	return &n
}

// optionalText returns s, or nil when it is empty.
func optionalText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
