package neo4j

import (
	"slices"
	"strings"
)

// The full-text index (seed.FulltextIndex) only finds search candidates; kg.Score ranks them.
// For the ranking to equal the embedded store's, the candidates must include every entity that
// kg.Score gives a score above zero, and that happens only when every word of the folded query
// starts a folded word of one of the entity's texts. So the store queries the searchText
// property, which holds exactly those folded words, with one required prefix term per query
// word. Three properties of Neo4j's 'standard-folding' analyzer are allowed for:
//
//   - It drops English stop words ("the", "of", "in", ...) from the index. A query word that starts
//     a stop word could match only that stop word, so it is left out of the query.
//   - It folds letters outside ASCII at index time (œ becomes oe, ß becomes ss) but not in prefix
//     terms. A query word is cut at its first character outside [a-z0-9]; the folded words are
//     already lower case, so the cut word is still a prefix of the indexed one.
//   - Its tokenizer splits a folded word only next to a character outside ASCII (an ideograph,
//     a change of script), never between two ASCII letters or digits, so the cut word is still a
//     prefix of a token.
//
// Leaving a word out or cutting it can only add candidates, never lose one. When no term is
// left, the store scores every entity of the requested types instead. The terms hold only
// [a-z0-9], so no Lucene syntax can reach the query.

// englishStopWords is Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, which 'standard-folding'
// uses.
var englishStopWords = []string{
	"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
	"no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
	"they", "this", "to", "was", "will", "with",
}

// fulltextQuery returns the Lucene query that finds the candidates for a query folded with
// kg.Fold, or "" when no word of it can be looked up in the index.
func fulltextQuery(folded string) string {
	var terms []string
	for _, w := range strings.Fields(folded) {
		w = asciiPrefix(w)
		if w == "" || startsStopWord(w) {
			continue
		}
		if t := "+searchText:" + w + "*"; !slices.Contains(terms, t) {
			terms = append(terms, t)
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

func startsStopWord(w string) bool {
	for _, s := range englishStopWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}
