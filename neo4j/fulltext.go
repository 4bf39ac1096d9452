package neo4j

import (
	"fmt"
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// fulltextQuery returns the Lucene query that finds the candidates for a prepared query, or ""
// when the candidates are every entity.
//
// The full-text index (FulltextIndex) only finds search candidates; kg.Matcher ranks them.
// For the ranking to equal the embedded store's, the candidates must include every entity that
// kg.Matcher scores above zero. When the query has content words (kg.Matcher.SearchTerms), such
// an entity holds, for at least one of them, a word that starts with the term's word, or a word
// whose Snowball stem is one of the term's stems; the seed writes every folded word and stem of
// an entity into its searchText property (propgraph.SearchText). So the store looks up
// searchText with a prefix term for the word and a whole term for each stem, any of which may
// match: a stem looked up as a prefix would also find the words that merely start with it
// (polic* finds policies, which does not match police), candidates that score nothing
// but that Lucene would collect and the store would read and score. Two properties of Neo4j's
// 'standard-folding' analyzer are allowed for:
//
//   - It drops English stop words from the index. Content words never start a stop word and
//     stems are never stop words (kg.Stem), so no term can need a dropped token.
//   - It folds letters outside ASCII at index time (œ becomes oe, ß becomes ss) but not in prefix
//     terms, and its tokenizer splits a folded word only next to a character outside ASCII. A
//     word or a stem is cut at its first character outside [a-z0-9] and then looked up as a
//     prefix; the cut prefix still starts the indexed token. A prefix cut to nothing could match
//     only through such a letter, so then the store scores every entity of the requested types
//     instead. A stem made of [a-z0-9] alone is a token of its own, which the analyzer leaves as
//     it is, in the query as in the index.
//
// A word that may match with a typo (kg.SearchTerm.Typos) is also looked up as a fuzzy term,
// word~N. Lucene finds the indexed tokens within N edits, counting a swap of two letters as one
// edit where kg.WithinEdits counts two, so it finds at least the words kg.Matcher matches with a
// typo: those are made of the letters a to z alone, which the analyzer indexes as they are, and
// are no stop words, which it leaves out. Such a word is made of a-z alone (kg.Typos).
//
// The terms hold only [a-z0-9], so no Lucene syntax can reach the query.
func fulltextQuery(m kg.Matcher) string {
	var terms []string
	add := func(t string) {
		if !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	search := m.SearchTerms()
	if len(search) == 0 {
		return ""
	}
	for _, st := range search {
		p := asciiPrefix(st.Word)
		if p == "" {
			return ""
		}
		add("searchText:" + p + "*")
		for _, stem := range st.Stems {
			switch sp := asciiPrefix(stem); {
			case strings.HasPrefix(stem, p):
				// The word's prefix term finds it.
			case sp == "":
				return ""
			case sp == stem:
				add("searchText:" + stem)
			default:
				add("searchText:" + sp + "*")
			}
		}
		if st.Typos > 0 {
			add(fmt.Sprintf("searchText:%s~%d", st.Word, st.Typos))
		}
	}
	return strings.Join(terms, " ")
}

// asciiPrefix returns the longest prefix of w made of a-z and 0-9.
func asciiPrefix(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return w[:i]
		}
	}
	return w
}
