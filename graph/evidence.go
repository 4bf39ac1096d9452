package graph

import (
	"context"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// translationNote says, in English, what a quote's translation is.
const translationNote = "Unofficial English translation made for this graph, not by the publisher; the French quote is the authoritative text."

// quoteTranslation returns the unofficial English translation of an evidence's quote, or nil.
func quoteTranslation(ev *kg.Evidence) *model.QuoteTranslation {
	text, translated := ev.QuoteIn(kg.EN)
	if !translated {
		return nil
	}
	return &model.QuoteTranslation{Language: model.LanguageEn, Text: text, Official: false, Note: translationNote}
}

// citation cites an evidence in lang, with the document it names loaded through the request's
// loader (so that the evidence of a whole page shares one load).
func citation(ctx context.Context, ev *kg.Evidence, lang *model.Language) (string, error) {
	e, err := loadersFrom(ctx).entity(ctx, ev.Document)
	if err != nil {
		return "", err
	}
	return kg.Cite(e, *ev, model.Lang(lang)), nil
}

// paragraph returns an evidence's paragraph, or nil when it has none.
func paragraph(ev *kg.Evidence) *int { return positive(ev.Paragraph) }

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

// evidenceKind returns whether an evidence is a quote or a reference; an empty kind is a quote.
func evidenceKind(ev *kg.Evidence) model.EvidenceKind {
	if ev.IsReference() {
		return model.EvidenceKindReference
	}
	return model.EvidenceKindQuote
}

// quoteIn returns an evidence's quote in lang; French when lang is not given.
func quoteIn(ev *kg.Evidence, lang *model.Language) string {
	l := kg.FR
	if lang != nil && *lang == model.LanguageEn {
		l = kg.EN
	}
	text, _ := ev.QuoteIn(l)
	return text
}
