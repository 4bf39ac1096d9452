package kg

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"golang.org/x/text/unicode/norm"
)

// Search scores. Every store ranks with these tiers, so that both return the same order: exact
// names and acronyms first, then names that start with the query, then names that hold every
// word of the query, then descriptions, then entities that hold every word across their texts,
// then entities that hold only some of the words.
//
// A query word matches a word of a text when it starts that word ("meth" matches
// "methamphetamine") or when both have the same Snowball stem in the text's language
// ("pharmacy" matches "pharmacies", "vérifié" matches "vérifiés"); aliases are stemmed in both
// languages. A longer query word also matches a word with a typo (Typos): "riverbnk" matches
// "riverbank", "fentanil" matches "fentanyl". A word matched with a typo never makes a name exact
// or a prefix of the query, and the tier it reaches scores TypoWeight of its score.
const (
	ScoreExactName   = 100.0
	ScoreExactAlias  = 95.0
	ScoreNamePrefix  = 60.0
	ScoreAliasPrefix = 55.0
	ScoreNameWords   = 40.0
	ScoreAliasWords  = 35.0
	ScoreDescription = 10.0
	// ScoreAllWords is for an entity whose texts hold every word of the query, but no one text.
	ScoreAllWords = 8.0
	// ScoreSomeWords is the most an entity that holds only some words of the query can score:
	// each content word of the query held in a name or an alias counts ScoreSomeWords, held only
	// in a description ScoreSomeWordsDescription, and the entity scores their mean.
	ScoreSomeWords            = 5.0
	ScoreSomeWordsDescription = 2.0
	// FactWeight scales the score of a figure (a Fact): a figure ranks below the things it is
	// about at comparable relevance. Only a figure whose name is the query outranks an entity
	// whose description holds it.
	FactWeight = 0.15
	// TypoWeight scales the score of a text that holds a word of the query only with a typo.
	TypoWeight = 0.5
)

// Typos returns how many edits (insertions, deletions or substitutions of a letter) a folded
// query word may be from a word of a text and still match it: none for words of fewer than five
// letters and for words with anything but the letters a to z, one for words of five to eight
// letters, two for longer words. Only the words of texts made of the letters a to z alone, and
// not stop words, are matched with typos.
func Typos(word string) int {
	switch {
	case !lettersOnly(word) || len(word) < 5:
		return 0
	case len(word) <= 8:
		return 1
	default:
		return 2
	}
}

// luceneStopWords is Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET: the words that Neo4j's
// 'standard-folding' full-text analyzer leaves out of its index.
var luceneStopWords = []string{
	"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
	"no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
	"they", "this", "to", "was", "will", "with",
}

// stopWords are the words a query may hold that say nothing on their own: Lucene's English stop
// words and the commonest French articles and prepositions. A query word that is, or starts, one
// of them does not count as a content word.
var stopWords = append(slices.Clone(luceneStopWords),
	"au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "pour", "sur",
	"un", "une",
)

// IsLuceneStopWord reports whether a folded word is one that Neo4j's full-text index leaves out.
func IsLuceneStopWord(w string) bool { return slices.Contains(luceneStopWords, w) }

// IsStopWord reports whether a folded word is one of the stop words.
func IsStopWord(w string) bool { return slices.Contains(stopWords, w) }

// startsStopWord reports whether a folded query word could only complete a stop word.
func startsStopWord(w string) bool {
	for _, s := range stopWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// stemCache remembers the stems of words already seen, up to stemCacheSize words: the words of
// the graph are stemmed at every load and search, and a Snowball run costs microseconds.
var (
	stemCache     sync.Map // stemKey -> string
	stemCacheSize atomic.Int64
)

const maxStemCache = 100_000

type stemKey struct {
	lang Language
	word string
}

// Stem returns the Snowball stem of a lower-case word in lang, or "" when the word has no useful
// stem: a stem of fewer than three letters, one that folds to a stop word, or a word with digits.
func Stem(lang Language, word string) string {
	if len(word) < 3 || strings.IndexFunc(word, unicode.IsDigit) >= 0 {
		return ""
	}
	k := stemKey{lang, word}
	if s, ok := stemCache.Load(k); ok {
		return s.(string)
	}
	s := stem(lang, word)
	if stemCacheSize.Load() < maxStemCache {
		if _, loaded := stemCache.LoadOrStore(k, s); !loaded {
			stemCacheSize.Add(1)
		}
	}
	return s
}

func stem(lang Language, word string) string {
	env := snowballstem.NewEnv(word)
	if lang == FR {
		french.Stem(env)
	} else {
		english.Stem(env)
	}
	s := env.Current()
	if utf8.RuneCountInString(s) < 3 || IsStopWord(Fold(s)) {
		return ""
	}
	return s
}

// wordStems are the stems of one word of a text, "" where they do not apply.
type wordStems struct{ en, fr string }

// stemsOf returns the stems of a word in lang, or in both languages when lang is empty. The
// stemmers see the word with its accents (Snowball's French rules need them) and their stems
// are folded.
func stemsOf(word string, lang Language) wordStems {
	var st wordStems
	if lang != FR {
		st.en = Fold(Stem(EN, word))
	}
	if lang != EN {
		st.fr = Fold(Stem(FR, word))
	}
	return st
}

// wordSep reports whether r separates words: it is no letter, digit or combining mark.
func wordSep(r rune) bool {
	if r < utf8.RuneSelf {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
}

// splitWords returns the words of s as Fold finds them, each folded and as written (lower case,
// accents kept), for stemming.
func splitWords(s string) (folded, written []string) {
	raw := strings.FieldsFunc(strings.ToLower(norm.NFC.String(s)), wordSep)
	for _, r := range raw {
		parts := strings.Fields(Fold(r))
		if len(parts) == 1 {
			folded, written = append(folded, parts[0]), append(written, r)
			continue
		}
		// Folding split the word (a letter that decomposes into something else): stem the parts.
		folded, written = append(folded, parts...), append(written, parts...)
	}
	return folded, written
}

// queryWord is one word of a query with its stems in both languages.
type queryWord struct {
	text    string
	stems   wordStems
	content bool
	typos   int // the edits allowed (Typos), 0 for a word that is no content word
	// in holds, once Prepare has seen lex, for each word of lex, a bit 1<<docField.lang for
	// each kind of text in which this query word matches it.
	lex *Lexicon
	in  []uint8
}

// Matcher is a search query prepared once for scoring many documents.
type Matcher struct {
	words   []queryWord
	content int
	// synonyms are the query with one of its terms replaced by a synonym (synonyms.txt).
	synonyms []Matcher
}

// NewMatcher prepares a query as the user wrote it, with its synonyms.
func NewMatcher(text string) Matcher {
	words, written := splitWords(text)
	m := newWrittenMatcher(words, written)
	for _, q := range synonymQueries(words, written) {
		m.synonyms = append(m.synonyms, newWrittenMatcher(splitWords(q)))
	}
	return m
}

// newWrittenMatcher prepares a query, its words folded and as written, without synonyms.
func newWrittenMatcher(words, written []string) Matcher {
	var m Matcher
	for i, w := range words {
		qw := queryWord{text: w, stems: stemsOf(written[i], ""), content: !startsStopWord(w)}
		if qw.content {
			m.content++
			qw.typos = Typos(w)
		}
		m.words = append(m.words, qw)
	}
	return m
}

// SearchTerm is what a full-text index must look up for one content word of a query: a
// document can match the word only if one of its words starts with Word, has one of Stems as its
// Snowball stem (Words holds the stems of a document's words: looking them up as whole terms is
// enough), or, when Typos is above zero, is at most Typos edits from Word (see WithinEdits).
type SearchTerm struct {
	Word  string
	Stems []string
	Typos int
}

// SearchTerms returns the terms of the content words of the query and of its synonyms. A
// document scores above zero only if it holds a word (Words) that starts with the word of some
// term, a stem of it, or a word within its typos, or, when the query or one of its synonyms has
// no content word, possibly any document; then SearchTerms returns nothing.
func (m Matcher) SearchTerms() []SearchTerm {
	out := m.searchTerms()
	if m.content == 0 {
		return nil
	}
	for _, s := range m.synonyms {
		if s.content == 0 {
			return nil
		}
		for _, t := range s.searchTerms() {
			if !slices.ContainsFunc(out, func(o SearchTerm) bool {
				return o.Word == t.Word && o.Typos == t.Typos && slices.Equal(o.Stems, t.Stems)
			}) {
				out = append(out, t)
			}
		}
	}
	return out
}

// searchTerms returns the terms of the query's content words, without its synonyms.
func (m Matcher) searchTerms() []SearchTerm {
	var out []SearchTerm
	for _, w := range m.words {
		if !w.content {
			continue
		}
		t := SearchTerm{Word: w.text, Typos: w.typos}
		for _, s := range []string{w.stems.en, w.stems.fr} {
			if s != "" && !slices.Contains(t.Stems, s) {
				t.Stems = append(t.Stems, s)
			}
		}
		out = append(out, t)
	}
	return out
}

// Score returns the best score of e for a query, with the field and language that gave it.
func Score(e Entity, query string) (float64, string, Language) {
	return NewMatcher(query).Score(NewSearchDoc(e))
}

// TypeCount is the number of entities of one type.
type TypeCount struct {
	Type  EntityType
	Count int
}

// CategoryCount is the number of entities of one type and category.
type CategoryCount struct {
	Type     EntityType
	Category string
	Count    int
}

// Facets count entities by type and by category.
type Facets struct {
	// Types holds every type with at least one entity, in the order of EntityTypes.
	Types []TypeCount
	// Categories holds every (type, category) with at least one entity, by type as in
	// EntityTypes, then by category.
	Categories []CategoryCount
}

// FacetCounts counts entities by type, then by category ("" for none).
type FacetCounts map[EntityType]map[string]int

// Add counts n entities of type t and category c.
func (fc FacetCounts) Add(t EntityType, c string, n int) {
	if fc[t] == nil {
		fc[t] = map[string]int{}
	}
	fc[t][c] += n
}

// Facets returns the counts in the order Facets documents.
func (fc FacetCounts) Facets() Facets {
	var f Facets
	for _, t := range EntityTypes {
		total := 0
		for _, c := range slices.Sorted(maps.Keys(fc[t])) {
			n := fc[t][c]
			total += n
			if c != "" && n > 0 {
				f.Categories = append(f.Categories, CategoryCount{t, c, n})
			}
		}
		if total > 0 {
			f.Types = append(f.Types, TypeCount{t, total})
		}
	}
	return f
}

// CountFacets counts a list of entities by type and category.
func CountFacets(list []*Entity) Facets {
	fc := FacetCounts{}
	for _, e := range list {
		fc.Add(e.Type, e.Category, 1)
	}
	return fc.Facets()
}

// Candidate is a hit of a search before ranking, pointing to the entity as the store holds it.
type Candidate struct {
	Entity   *Entity
	Score    float64
	Field    string
	Language Language
}

// RankSearch turns every hit of a search, of any type, into the page that q asks for: the facets
// count all the hits, when q asks for them (the type filters do not apply to them, so that a
// client can show what the other types hold), then the hits are filtered by q.Types and
// q.ExcludeTypes, counted (SearchCount), sorted with SortHits and cut to q.Page. Every store builds
// its page with it or with RankCandidates.
func RankSearch(q SearchQuery, hits []SearchHit) SearchPage {
	cands := make([]Candidate, len(hits))
	for i, h := range hits {
		cands[i] = Candidate{Entity: &hits[i].Entity, Score: h.Score, Field: h.Field, Language: h.Language}
	}
	return RankCandidates(q, cands)
}

// SearchCount is the rule of every store for the count of a search's hits: exact up to
// q.Counted(), then that bound, not exact. A store may stop reading hits once it holds more
// than the bound and more than the page needs (SearchReadTarget), with the same count.
func SearchCount(q SearchQuery, hits int) (total int, exact bool) {
	if n := q.Counted(); hits > n {
		return n, false
	}
	return hits, true
}

// SearchReadTarget is the number of hits of the types asked for that a store must hold to count
// them (SearchCount) and cut the page (hits past the page tell that more follow): one more than
// the larger of q.Counted() and the end of the page.
func SearchReadTarget(q SearchQuery) int {
	return max(q.Counted(), q.Offset+q.Limit) + 1
}

// RankCandidates is RankSearch over candidates, which it may reorder. It sorts only as many as
// the page needs: ranking many hits for a short page costs a pass over them, not a sort. The
// page's entities are clones.
func RankCandidates(q SearchQuery, cands []Candidate) SearchPage {
	fc := FacetCounts{}
	kept := cands[:0]
	for _, c := range cands {
		if q.WantFacets {
			fc.Add(c.Entity.Type, c.Entity.Category, 1)
		}
		if (len(q.Types) == 0 || slices.Contains(q.Types, c.Entity.Type)) && !slices.Contains(q.ExcludeTypes, c.Entity.Type) {
			kept = append(kept, c)
		}
	}
	start, end, hasMore := Window(len(kept), q.Page)
	page := SearchPage{HasMore: hasMore, Facets: fc.Facets()}
	page.Total, page.TotalExact = SearchCount(q, len(kept))
	for _, c := range best(kept, end)[start:end] {
		page.Hits = append(page.Hits, SearchHit{Entity: c.Entity.Clone(), Score: c.Score, Field: c.Field, Language: c.Language})
	}
	return page
}

// best returns the first k candidates in the order of SortHits, in that order.
func best(cands []Candidate, k int) []Candidate {
	order := func(a, b Candidate) int { return compareHits(a.Score, a.Entity, b.Score, b.Entity) }
	if k*4 >= len(cands) {
		slices.SortStableFunc(cands, order)
		return cands[:k]
	}
	// Keep the k best seen so far, in order; a candidate goes after those it ties with, as a
	// stable sort would put it.
	top := make([]Candidate, 0, k+1)
	for _, c := range cands {
		if len(top) == k && (k == 0 || order(c, top[k-1]) >= 0) {
			continue
		}
		i := sort.Search(len(top), func(j int) bool { return order(top[j], c) > 0 })
		top = slices.Insert(top, i, c)
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}
