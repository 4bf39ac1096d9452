package kg

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// SynonymWeight scales the score of a text that a query finds through a synonym (synonyms.txt):
// within a tier, the query as written ranks first.
const SynonymWeight = 0.9

// maxSynonymQueries bounds the queries a search tries besides the one written.
const maxSynonymQueries = 24

//go:embed synonyms.txt
var synonymsFile string

// synonymTerm is a term of the synonym list, as written and as its folded words.
type synonymTerm struct {
	text  string
	words []string
}

// synonymGroup is a line of the synonym list: terms that find one another (broad), and terms
// that find each broad term and that each broad term finds (narrow).
type synonymGroup struct {
	broad, narrow []synonymTerm
}

// synonymGroups is the synonym list, read once.
var synonymGroups = sync.OnceValue(func() []synonymGroup {
	groups, err := parseSynonyms(synonymsFile)
	if err != nil {
		panic(err)
	}
	return groups
})

// parseSynonyms reads a synonym list: one group a line, terms separated by "|", narrower terms
// after ">", "#" starting a comment line.
func parseSynonyms(s string) ([]synonymGroup, error) {
	var out []synonymGroup
	for n, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		broad, narrow, _ := strings.Cut(line, ">")
		var g synonymGroup
		for _, part := range []struct {
			text string
			into *[]synonymTerm
		}{{broad, &g.broad}, {narrow, &g.narrow}} {
			if strings.TrimSpace(part.text) == "" {
				continue
			}
			for _, t := range strings.Split(part.text, "|") {
				t = strings.TrimSpace(t)
				words, _ := splitWords(t)
				if len(words) == 0 {
					return nil, fmt.Errorf("synonyms line %d: empty term in %q", n+1, line)
				}
				*part.into = append(*part.into, synonymTerm{text: t, words: words})
			}
		}
		if len(g.broad)+len(g.narrow) < 2 || len(g.broad) == 0 {
			return nil, fmt.Errorf("synonyms line %d: %q has no synonyms", n+1, line)
		}
		out = append(out, g)
	}
	return out, nil
}

// Synonyms returns the terms of the synonym list, group by group, as written.
func Synonyms() [][]string {
	var out [][]string
	for _, g := range synonymGroups() {
		var terms []string
		for _, t := range slices.Concat(g.broad, g.narrow) {
			terms = append(terms, t.text)
		}
		out = append(out, terms)
	}
	return out
}

// synonymQueries returns the query (its folded and written words) with one term of a synonym
// group replaced by one of its synonyms, for each group whose term the query holds (the first
// term found, the longest at a place), for each synonym; at most maxSynonymQueries.
func synonymQueries(folded, written []string) []string {
	var out []string
	for _, g := range synonymGroups() {
		at, term, broad := -1, synonymTerm{}, false
		for i := range folded {
			for j, t := range slices.Concat(g.broad, g.narrow) {
				if len(t.words) > len(term.words) && len(t.words) <= len(folded)-i && slices.Equal(folded[i:i+len(t.words)], t.words) {
					at, term, broad = i, t, j < len(g.broad)
				}
			}
			if at >= 0 {
				break
			}
		}
		if at < 0 {
			continue
		}
		others := g.broad
		if broad {
			others = slices.Concat(g.broad, g.narrow)
		}
		for _, o := range others {
			if o.text == term.text {
				continue
			}
			q := slices.Concat(written[:at], []string{o.text}, written[at+len(term.words):])
			if len(out) == maxSynonymQueries {
				return out
			}
			out = append(out, strings.Join(q, " "))
		}
	}
	return out
}
