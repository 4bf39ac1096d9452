package kg

import (
	"fmt"
	"strings"
)

// SectionTitle returns the heading of the section id of a document in lang, or "" when the
// document has no such section.
func (e *Entity) SectionTitle(id string, lang Language) string {
	for _, s := range e.Sections {
		if s.ID == id {
			return s.Title.In(lang)
		}
	}
	return ""
}

// Cite returns a citation of a piece of evidence in lang, ready to paste: publisher, date, title,
// section, paragraph and address of doc, the document the evidence names. A missing publication
// date is written "n.d." ("s. d." in French) rather than guessed. The English citation gives the
// French title first, the English one in brackets, and says that the document is in French.
// A reference is world knowledge, not a passage: its citation is its note, marked as such.
func Cite(doc *Entity, ev Evidence, lang Language) string {
	var b strings.Builder
	if ev.IsReference() {
		if lang == FR {
			return "Connaissance générale, absente de la source : " + ev.Note
		}
		return "World knowledge, not stated in the source: " + ev.Note
	}
	if doc == nil {
		// Without the document, the evidence still says where its words are.
		fmt.Fprintf(&b, "%s, section %s", ev.Document, ev.Section)
		if ev.Paragraph > 0 {
			if lang == FR {
				fmt.Fprintf(&b, ", paragraphe %d", ev.Paragraph)
			} else {
				fmt.Fprintf(&b, ", paragraph %d", ev.Paragraph)
			}
		}
		b.WriteString(".")
		return b.String()
	}
	date := doc.PublicationDate
	if date == "" {
		date = map[Language]string{FR: "s. d.", EN: "n.d."}[lang]
	}
	if p := doc.Publisher.In(lang); p != "" {
		fmt.Fprintf(&b, "%s. ", p)
	}
	fmt.Fprintf(&b, "(%s). ", date)
	section := doc.SectionTitle(ev.Section, lang)
	if section == "" {
		section = ev.Section
	}
	orig := doc.Name.In(doc.Language)
	if lang == FR {
		fmt.Fprintf(&b, "%s. Section « %s »", orig, section)
		if ev.Paragraph > 0 {
			fmt.Fprintf(&b, ", paragraphe %d", ev.Paragraph)
		}
	} else {
		fmt.Fprintf(&b, "%s", orig)
		if en := doc.Name.EN; en != "" && en != orig {
			fmt.Fprintf(&b, " [%s]", en)
		}
		if doc.Language == FR {
			b.WriteString(" (in French)")
		}
		fmt.Fprintf(&b, `. Section "%s"`, section)
		if ev.Paragraph > 0 {
			fmt.Fprintf(&b, ", paragraph %d", ev.Paragraph)
		}
	}
	b.WriteString(".")
	if doc.URL != "" {
		fmt.Fprintf(&b, " %s", doc.URL)
	}
	return b.String()
}
