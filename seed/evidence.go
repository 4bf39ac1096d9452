package seed

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// describeDocuments gives each Document entity the language and the section headings of its entry
// in documents.json, so that citations need nothing but the graph.
func describeDocuments(ds *Dataset) {
	info := map[string]DocumentInfo{}
	for _, d := range ds.Documents {
		info[d.ID] = d
	}
	for i := range ds.Entities {
		e := &ds.Entities[i]
		d, ok := info[e.ID]
		if e.Type != kg.Document || !ok {
			continue
		}
		e.Language = kg.Language(d.Language)
		e.Sections = nil
		for _, s := range d.Sections {
			e.Sections = append(e.Sections, kg.Section{ID: s.ID, Title: kg.Text{FR: s.Heading, EN: s.HeadingEN}})
		}
	}
}

// locateQuotes sets the paragraph of every evidence, and its English translation where
// TranslationsFile has one. A quote that is in its section but in no one paragraph is a problem
// that Check reports (a quote not in its section at all is reported by Check itself).
func locateQuotes(ds *Dataset) {
	docs := map[string]DocumentInfo{}
	for _, d := range ds.Documents {
		docs[d.ID] = d
	}
	en := map[string]string{}
	for _, t := range ds.Translations {
		en[kg.NormalizeSpace(t.FR)] = t.EN
	}
	fill := func(id string, list []kg.Evidence) {
		for i := range list {
			e := &list[i]
			if e.IsReference() {
				continue
			}
			d := docs[e.Document]
			n, err := findParagraph(d, *e)
			if err != nil && strings.Contains(d.Text[e.Section], kg.NormalizeSpace(e.Quote)) {
				ds.problems = append(ds.problems, Problem{File: ds.Origin[id], ID: id, Msg: err.Error()})
			}
			e.Paragraph = n
			if n > 0 {
				notes := quoteFootnotes(d, e.Section, n, e.Quote)
				if len(notes) > 1 {
					ds.problems = append(ds.problems, Problem{File: ds.Origin[id], ID: id, Msg: fmt.Sprintf("quote spans the markers of footnotes %v: cut it so that it holds one", notes)})
				}
				if len(notes) > 0 {
					e.Footnote = notes[0]
				}
			}
			e.QuoteEN = en[kg.NormalizeSpace(e.Quote)]
		}
	}
	for i := range ds.Entities {
		fill(ds.Entities[i].ID, ds.Entities[i].Evidence)
	}
	for i := range ds.Relationships {
		r := ds.Relationships[i]
		fill(string(r.Type)+" "+r.From+" -> "+r.To, r.Evidence)
	}
}

// quoteFootnotes returns the numbers of the footnotes whose markers the source has inside the quote
// or right after it, in paragraph n of the section.
func quoteFootnotes(d DocumentInfo, section string, n int, quote string) []int {
	p := d.Paragraphs[section][n-1]
	q := kg.NormalizeSpace(quote)
	i := strings.Index(p, q)
	if i < 0 {
		return nil
	}
	var out []int
	for _, f := range d.Footnotes[section][n-1] {
		if f.At > i && f.At <= i+len(q) {
			out = append(out, f.Number)
		}
	}
	return out
}

// findParagraph returns the number of the one paragraph of the evidence's section that holds its
// quote. Where the quote's words occur in several paragraphs, the evidence must name one, and it
// must hold them; a quote that runs across paragraphs, or lies only in the heading, has none.
func findParagraph(d DocumentInfo, e kg.Evidence) (int, error) {
	paras, ok := d.Paragraphs[e.Section]
	if !ok {
		return 0, errors.New("unknown section")
	}
	q := kg.NormalizeSpace(e.Quote)
	var found []int
	for i, p := range paras {
		if q != "" && strings.Contains(p, q) {
			found = append(found, i+1)
		}
	}
	switch {
	case e.Paragraph > 0:
		if e.Paragraph > len(paras) || !strings.Contains(paras[e.Paragraph-1], q) {
			return 0, fmt.Errorf("quote is not in paragraph %d of section %s: %q", e.Paragraph, e.Section, e.Quote)
		}
		if len(found) == 1 {
			return 0, fmt.Errorf("quote is only in paragraph %d of section %s: leave \"paragraph\" out", found[0], e.Section)
		}
		return e.Paragraph, nil
	case len(found) == 1:
		return found[0], nil
	case len(found) == 0:
		return 0, fmt.Errorf("quote is in no single paragraph of section %s (it runs across paragraphs or lies in the heading): %q", e.Section, e.Quote)
	default:
		return 0, fmt.Errorf("quote occurs in paragraphs %v of section %s: give \"paragraph\"", found, e.Section)
	}
}

// readTranslations reads TranslationsFile; a tree without it has no translations.
func readTranslations(fsys fs.FS) ([]Translation, error) {
	data, err := readText(fsys, TranslationsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var file struct {
		Quotes []Translation `json:"quotes"`
	}
	if err := decodeStrict(data, &file); err != nil {
		return nil, fmt.Errorf("seed: %s: %w", TranslationsFile, err)
	}
	return file.Quotes, nil
}

// CheckTranslations returns the problems of the translations: an evidence quote without an English
// translation, a translation of no quote of the data, a quote translated twice, an empty
// translation, a translation whose section cites no such quote. A translation is matched to
// evidence by its French words alone, wherever they are cited; its section is the first that cites
// them. Load does not require translations (a quote without one is served in French); the tests do.
func CheckTranslations(ds *Dataset) []Problem {
	var ps []Problem
	have := map[string]bool{}
	for _, t := range ds.Translations {
		k := kg.NormalizeSpace(t.FR)
		id := t.Section + ": " + t.FR
		if have[k] {
			ps = append(ps, Problem{File: TranslationsFile, ID: id, Msg: "translated twice"})
		}
		have[k] = true
		if strings.TrimSpace(t.EN) == "" {
			ps = append(ps, Problem{File: TranslationsFile, ID: id, Msg: "empty translation"})
		}
	}
	// cited maps each quote to the sections that cite it.
	cited := map[string]map[string]bool{}
	check := func(id string, ev []kg.Evidence) {
		for _, e := range ev {
			if e.IsReference() {
				continue
			}
			k := kg.NormalizeSpace(e.Quote)
			if cited[k] == nil {
				cited[k] = map[string]bool{}
			}
			cited[k][e.Section] = true
			if !have[k] {
				ps = append(ps, Problem{File: ds.Origin[id], ID: id, Msg: fmt.Sprintf("quote has no English translation in %s: section %s: %q", TranslationsFile, e.Section, e.Quote)})
			}
		}
	}
	for _, e := range ds.Entities {
		check(e.ID, e.Evidence)
	}
	for _, r := range ds.Relationships {
		check(string(r.Type)+" "+r.From+" -> "+r.To, r.Evidence)
	}
	for _, t := range ds.Translations {
		id := t.Section + ": " + t.FR
		switch sections := cited[kg.NormalizeSpace(t.FR)]; {
		case sections == nil:
			ps = append(ps, Problem{File: TranslationsFile, ID: id, Msg: "translates no quote of the data"})
		case !sections[t.Section]:
			ps = append(ps, Problem{File: TranslationsFile, ID: id, Msg: "no evidence of this section cites the quote"})
		}
	}
	return ps
}
