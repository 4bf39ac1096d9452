package kg

import (
	"math/bits"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Lexicon numbers the distinct words of the texts it has indexed, each with its folded form and
// its stems, so that a word is folded and stemmed once however often it occurs, and a search
// document holds word numbers instead of strings. Indexing (Doc, Merge) changes the lexicon
// and must not run concurrently with anything else; once indexing is done, its documents may be
// scored concurrently.
type Lexicon struct {
	// A word as split from a text (lower case, NFC) to its number or, when folding splits it
	// into several words, to -1-k for the numbers splits[k].
	ids     map[string]int32
	splits  [][]int32
	words   []string    // folded, by number
	stems   []wordStems // in both languages, by number
	scratch []int32     // the numbers of the document being indexed
	word    []byte      // the word being split
	// lookup finds the words a query word matches without reading every word; it is built by
	// the first search after indexing (lookupOf).
	lookup atomic.Pointer[wordLookup]
}

// wordLookup indexes the words of a lexicon the three ways a query word matches them: as a
// prefix, by stem, and with a typo.
type wordLookup struct {
	n      int                // the lexicon's number of words when it was built
	sorted []int32            // word numbers in the order of their folded text
	en, fr map[string][]int32 // word numbers by stem, in each language
	byLen  [][]typoWord       // by length, the words a typo may match (near)
}

// typoWord is a word a typo may match, with the set of its letters: an edit adds or removes at
// most two letters of the set, so words whose sets differ by more than twice the edits allowed
// need no edit distance.
type typoWord struct {
	id      int32
	letters uint32
}

// letterSet returns the set of the letters a to z of w, one bit each.
func letterSet(w string) uint32 {
	var set uint32
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			set |= 1 << (c - 'a')
		}
	}
	return set
}

// lookupOf returns the lexicon's lookup, building it if the lexicon has grown since. Searches
// that build it at once build the same lookup, and the last one kept is as good as any.
func (v *Lexicon) lookupOf() *wordLookup {
	if l := v.lookup.Load(); l != nil && l.n == len(v.words) {
		return l
	}
	l := &wordLookup{n: len(v.words), sorted: make([]int32, len(v.words)), en: map[string][]int32{}, fr: map[string][]int32{}}
	for id, w := range v.words {
		l.sorted[id] = int32(id)
		if st := v.stems[id]; st.en != "" {
			l.en[st.en] = append(l.en[st.en], int32(id))
		}
		if st := v.stems[id]; st.fr != "" {
			l.fr[st.fr] = append(l.fr[st.fr], int32(id))
		}
		if lettersOnly(w) && !IsStopWord(w) {
			for len(l.byLen) <= len(w) {
				l.byLen = append(l.byLen, nil)
			}
			l.byLen[len(w)] = append(l.byLen[len(w)], typoWord{int32(id), letterSet(w)})
		}
	}
	slices.SortFunc(l.sorted, func(a, b int32) int { return strings.Compare(v.words[a], v.words[b]) })
	v.lookup.Store(l)
	return l
}

// NewLexicon returns an empty lexicon.
func NewLexicon() *Lexicon { return &Lexicon{ids: map[string]int32{}} }

// Len returns the number of words in the lexicon.
func (v *Lexicon) Len() int { return len(v.words) }

// appendText appends the numbers of the words of text to out, adding the new words. It splits
// and lowers text as splitWords does, so that a word already known costs no allocation. Text
// made of runes before U+0300 alone (ASCII and the Latin letters) is already in NFC (see
// TestLatinIsNFC), so it is split as it is, its ASCII a byte at a time; other text is normalised
// first.
func (v *Lexicon) appendText(out []int32, text string) []int32 {
	if !latinOnly(text) {
		text = norm.NFC.String(text)
	}
	word := v.word[:0] // the current word, in lower case
	for i := 0; i < len(text); {
		r := rune(text[i])
		if r < utf8.RuneSelf {
			i++
			if c := asciiWordByte[r]; c != 0 {
				word = append(word, c)
				continue
			}
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(text[i:])
			i += size
			if r = unicode.ToLower(r); !wordSep(r) {
				word = utf8.AppendRune(word, r)
				continue
			}
		}
		if len(word) > 0 {
			out, word = v.appendWord(out, word), word[:0]
		}
	}
	if len(word) > 0 {
		out = v.appendWord(out, word)
	}
	v.word = word
	return out
}

// latinOnly reports whether s is valid UTF-8 made of runes before U+0300, the first combining
// diacritical mark: ASCII bytes, and pairs of a lead byte from 0xC2 to 0xCB and a continuation
// byte.
func latinOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			if c < 0xC2 || c > 0xCB || i+1 == len(s) || s[i+1]&0xC0 != 0x80 {
				return false
			}
			i++
		}
	}
	return true
}

// asciiWordByte maps each ASCII byte that belongs to words to its lower case, and the others (the
// separators) to 0, as unicode.ToLower and wordSep do.
var asciiWordByte = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		if r := unicode.ToLower(rune(c)); !wordSep(r) {
			t[c] = byte(r)
		}
	}
	return t
}()

// appendWord appends the numbers of one word as split from a text: one number, or several when
// folding splits the word (as splitWords does).
func (v *Lexicon) appendWord(out []int32, word []byte) []int32 {
	entry, ok := v.ids[string(word)]
	if !ok {
		entry = v.add(string(word))
	}
	if entry >= 0 {
		return append(out, entry)
	}
	return append(out, v.splits[-1-entry]...)
}

// add numbers a new word as split from a text, folded and stemmed, and returns its entry in ids.
func (v *Lexicon) add(raw string) int32 {
	parts := strings.Fields(Fold(raw))
	if len(parts) == 1 {
		entry := v.push(parts[0], stemsOf(raw, ""))
		v.ids[raw] = entry
		return entry
	}
	ids := make([]int32, len(parts))
	for i, p := range parts {
		ids[i] = v.push(p, stemsOf(p, ""))
	}
	return v.addSplit(raw, ids)
}

// push numbers a folded word with its stems.
func (v *Lexicon) push(folded string, stems wordStems) int32 {
	v.words = append(v.words, folded)
	v.stems = append(v.stems, stems)
	return int32(len(v.words) - 1)
}

// addSplit records the numbers of a word that folding splits, and returns its entry in ids.
func (v *Lexicon) addSplit(raw string, ids []int32) int32 {
	v.splits = append(v.splits, ids)
	entry := -int32(len(v.splits))
	v.ids[raw] = entry
	return entry
}

// Merge adds the words of o to v and renumbers docs, documents of o, into v: documents indexed
// in separate lexicons (on separate processors) then share one.
func (v *Lexicon) Merge(o *Lexicon, docs []SearchDoc) {
	renumber := make([]int32, len(o.words))
	for raw, oentry := range o.ids {
		entry, ok := v.ids[raw]
		if oentry >= 0 {
			if !ok {
				entry = v.push(o.words[oentry], o.stems[oentry])
				v.ids[raw] = entry
			}
			renumber[oentry] = entry
			continue
		}
		oids := o.splits[-1-oentry]
		if !ok {
			ids := make([]int32, len(oids))
			for i, id := range oids {
				ids[i] = v.push(o.words[id], o.stems[id])
			}
			entry = v.addSplit(raw, ids)
		}
		for i, id := range oids {
			renumber[id] = v.splits[-1-entry][i]
		}
	}
	for i := range docs {
		for j, id := range docs[i].words {
			docs[i].words[j] = renumber[id]
		}
		docs[i].vocab = v
	}
}

// The kinds of searchable text, in the order Score prefers them when several hold the words.
const (
	nameField uint8 = iota
	aliasField
	descriptionField
)

var (
	fieldNames = [...]string{"name", "alias", "description"}
	fieldLangs = [...]Language{"", FR, EN}
)

// docField is one searchable text of a document: its words are SearchDoc.words[start:end], where
// start is the previous field's end.
type docField struct {
	kind uint8 // nameField, aliasField or descriptionField
	lang uint8 // index into fieldLangs: 0 for aliases, whose words are stemmed in both languages
	end  int32
}

// SearchDoc is what search knows of an entity: its searchable texts as numbers of words in a
// lexicon, folded and stemmed once.
type SearchDoc struct {
	vocab  *Lexicon
	fields []docField
	words  []int32
	fact   bool
}

// NewSearchDoc returns the searchable texts of e (names and descriptions in both languages,
// aliases, and a figure's statement) in a lexicon of their own.
func NewSearchDoc(e Entity) SearchDoc { return NewLexicon().Doc(e) }

// Doc returns the searchable texts of e, numbering their words in v.
func (v *Lexicon) Doc(e Entity) SearchDoc {
	n := 4 + len(e.Aliases)
	if e.Type == Fact {
		n += 2
	}
	d := SearchDoc{vocab: v, fields: make([]docField, 0, n), fact: e.Type == Fact}
	v.scratch = v.scratch[:0]
	add := func(kind, lang uint8, text string) {
		v.scratch = v.appendText(v.scratch, text)
		d.fields = append(d.fields, docField{kind: kind, lang: lang, end: int32(len(v.scratch))})
	}
	add(nameField, 1, e.Name.FR)
	add(nameField, 2, e.Name.EN)
	for _, a := range e.Aliases {
		add(aliasField, 0, a)
	}
	add(descriptionField, 1, e.Description.FR)
	add(descriptionField, 2, e.Description.EN)
	if e.Type == Fact {
		add(descriptionField, 1, e.Statement.FR)
		add(descriptionField, 2, e.Statement.EN)
	}
	d.words = make([]int32, len(v.scratch))
	copy(d.words, v.scratch)
	return d
}

// WordNumbers returns the numbers of the document's words in its lexicon, field after field,
// with repeats. The slice belongs to the document: the caller must not modify it.
func (d SearchDoc) WordNumbers() []int32 { return d.words }

// field returns the words of field i.
func (d *SearchDoc) field(i int) []int32 {
	start := int32(0)
	if i > 0 {
		start = d.fields[i-1].end
	}
	return d.words[start:d.fields[i].end]
}

// FieldText is one searchable text of a document, folded.
type FieldText struct {
	Field    string   // "name", "alias" or "description"
	Language Language // empty for aliases
	Text     string   // folded with Fold
}

// Texts returns the document's texts, folded, in the order Score considers them.
func (d SearchDoc) Texts() []FieldText {
	out := make([]FieldText, len(d.fields))
	for i, f := range d.fields {
		words := make([]string, 0, len(d.field(i)))
		for _, id := range d.field(i) {
			words = append(words, d.vocab.words[id])
		}
		out[i] = FieldText{Field: fieldNames[f.kind], Language: fieldLangs[f.lang], Text: strings.Join(words, " ")}
	}
	return out
}

// Words returns every distinct folded word and stem of the document, in a fixed order: what a
// full-text index must hold for SearchTerms to find the document whenever it scores above zero.
func (d SearchDoc) Words() []string {
	var out []string
	seen := map[string]bool{}
	add := func(w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for i, f := range d.fields {
		lang := fieldLangs[f.lang]
		for _, id := range d.field(i) {
			add(d.vocab.words[id])
			st := d.vocab.stems[id]
			if lang != FR {
				add(st.en)
			}
			if lang != EN {
				add(st.fr)
			}
		}
	}
	return out
}

// matches reports whether query word q matches word id of a text in lang ("" for both
// languages): the word starts with q, or has its stem in the text's language.
func (v *Lexicon) matches(q *queryWord, id int32, lang Language) bool {
	if strings.HasPrefix(v.words[id], q.text) {
		return true
	}
	st := v.stems[id]
	return lang != FR && st.en != "" && st.en == q.stems.en || lang != EN && st.fr != "" && st.fr == q.stems.fr
}

// near reports whether query word q matches word id with a typo: q allows typos (Typos), the
// word is made of the letters a to z alone and is no stop word, and it is within q's edits of q.
func (v *Lexicon) near(q *queryWord, id int32) bool {
	if q.typos == 0 {
		return false
	}
	w := v.words[id]
	if d := len(w) - len(q.text); d > q.typos || -d > q.typos {
		return false
	}
	return lettersOnly(w) && WithinEdits(q.text, w, q.typos) && !IsStopWord(w)
}

// How a query word matches a text: not at all, with a typo, or as written (a prefix or a stem).
const (
	noMatch uint8 = iota
	typoMatch
	wordMatch
)

// typoBit marks, in queryWord.in, a word that the query word matches with a typo.
const typoBit = 1 << len(fieldLangs)

// holds returns how the best word of field i matches q.
func (d *SearchDoc) holds(i int, q *queryWord) uint8 {
	lang := d.fields[i].lang
	how := noMatch
	if q.lex == d.vocab {
		for _, id := range d.field(i) {
			if q.in[id]&(1<<lang) != 0 {
				return wordMatch
			}
			if q.in[id]&typoBit != 0 {
				how = typoMatch
			}
		}
		return how
	}
	for _, id := range d.field(i) {
		if d.vocab.matches(q, id, fieldLangs[lang]) {
			return wordMatch
		}
		if how == noMatch && d.vocab.near(q, id) {
			how = typoMatch
		}
	}
	return how
}

// Prepare makes m score the documents of v from a table of the words of v that each query word
// matches, and returns the numbers of the words of v that some query word matches in some
// language or with a typo: a document of v scores above zero only if it holds one of them. Score stays the
// judge; the numbers only narrow the documents it needs to see.
func (m *Matcher) Prepare(v *Lexicon) []int32 {
	out := m.prepare(v)
	if len(m.synonyms) == 0 {
		return out
	}
	seen := make([]bool, v.Len())
	for _, id := range out {
		seen[id] = true
	}
	for i := range m.synonyms {
		for _, id := range m.synonyms[i].prepare(v) {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// prepare is Prepare for the query as written, without its synonyms. It reads the lexicon's
// lookup: the words a query word starts, those of its stems, and those of a length within its
// typos, instead of every word; matches and near stay the definition of what matches.
func (m *Matcher) prepare(v *Lexicon) []int32 {
	l := v.lookupOf()
	var out []int32
	for j := range m.words {
		q := &m.words[j]
		q.lex, q.in = v, make([]uint8, len(v.words))
		mark := func(id int32, bits uint8) {
			if q.in[id] == 0 {
				out = append(out, id)
			}
			q.in[id] |= bits
		}
		from, _ := slices.BinarySearchFunc(l.sorted, q.text, func(id int32, t string) int { return strings.Compare(v.words[id], t) })
		for _, id := range l.sorted[from:] {
			if !strings.HasPrefix(v.words[id], q.text) {
				break
			}
			mark(id, 1<<len(fieldLangs)-1)
		}
		for _, by := range [...]struct {
			lang  Language
			stem  string
			stems map[string][]int32
		}{{EN, q.stems.en, l.en}, {FR, q.stems.fr, l.fr}} {
			if by.stem == "" {
				continue
			}
			for _, id := range by.stems[by.stem] {
				for i, fl := range fieldLangs {
					if fl != by.lang && fl != "" {
						continue
					}
					mark(id, 1<<i)
				}
			}
		}
		letters := letterSet(q.text)
		for n := max(0, len(q.text)-q.typos); q.typos > 0 && n <= len(q.text)+q.typos && n < len(l.byLen); n++ {
			for _, w := range l.byLen[n] {
				if bits.OnesCount32(letters^w.letters) <= 2*q.typos && WithinEdits(q.text, v.words[w.id], q.typos) {
					mark(w.id, typoBit)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// scoreField scores field i against the whole query; 0 means the field does not hold every word.
// A field's text, folded, is its words joined by spaces, and words hold no spaces: it equals the
// query's text when its words are the query's, and starts with it when its first words are the
// query's but the last, and its next word starts with the query's last.
func (m Matcher) scoreField(d *SearchDoc, i int) float64 {
	words := d.field(i)
	if len(m.words) == 0 || len(words) == 0 {
		return 0
	}
	kind := d.fields[i].kind
	exact, prefix, all := ScoreExactName, ScoreNamePrefix, ScoreNameWords
	if kind == aliasField {
		exact, prefix, all = ScoreExactAlias, ScoreAliasPrefix, ScoreAliasWords
	}
	if kind != descriptionField && len(words) >= len(m.words) {
		k := len(m.words) - 1
		same := true
		for j := range k {
			if d.vocab.words[words[j]] != m.words[j].text {
				same = false
				break
			}
		}
		last := d.vocab.words[words[k]]
		switch {
		case same && len(words) == len(m.words) && last == m.words[k].text:
			return exact
		case same && strings.HasPrefix(last, m.words[k].text):
			return prefix
		}
	}
	weight := 1.0
	for j := range m.words {
		switch d.holds(i, &m.words[j]) {
		case noMatch:
			return 0
		case typoMatch:
			weight = TypoWeight
		}
	}
	if kind != descriptionField {
		return all * weight
	}
	return ScoreDescription * weight
}

// Score returns the score of the document, with the field and language that gave it; 0 means no
// match. A synonym of the query scores SynonymWeight of what it would score as written.
func (m Matcher) Score(d SearchDoc) (float64, string, Language) {
	best, field, lang := m.score(d)
	for _, s := range m.synonyms {
		if sc, f, l := s.score(d); sc*SynonymWeight > best {
			best, field, lang = sc*SynonymWeight, f, l
		}
	}
	return best, field, lang
}

// score is Score for the query as written, without its synonyms.
func (m Matcher) score(d SearchDoc) (float64, string, Language) {
	var best float64
	bestField := -1
	for i := range d.fields {
		if s := m.scoreField(&d, i); s > best {
			best, bestField = s, i
		}
	}
	if best == 0 && len(m.words) > 0 {
		// No one text holds every word: count the words the texts hold between them.
		// A word found as written counts before one found with a typo, then the field order.
		all, typo, some := true, false, 0.0
		for j := range m.words {
			q := &m.words[j]
			in, inHow := -1, noMatch
			for i := range d.fields {
				how := d.holds(i, q)
				if how > inHow || how != noMatch && how == inHow && d.fields[i].kind < d.fields[in].kind {
					in, inHow = i, how
				}
			}
			if in < 0 {
				all = false
				continue
			}
			weight := 1.0
			if inHow == typoMatch {
				typo, weight = true, TypoWeight
			}
			if q.content {
				if d.fields[in].kind == descriptionField {
					some += ScoreSomeWordsDescription * weight
				} else {
					some += ScoreSomeWords * weight
				}
			}
			if bestField < 0 || d.fields[in].kind < d.fields[bestField].kind {
				bestField = in
			}
		}
		switch {
		case all && typo:
			best = ScoreAllWords * TypoWeight
		case all:
			best = ScoreAllWords
		case some > 0:
			best = some / float64(m.content)
		default:
			return 0, "", ""
		}
	}
	if best == 0 {
		return 0, "", ""
	}
	if d.fact {
		best *= FactWeight
	}
	f := d.fields[bestField]
	return best, fieldNames[f.kind], fieldLangs[f.lang]
}

// lettersOnly reports whether w is made of the letters a to z alone.
func lettersOnly(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// WithinEdits reports whether a and b, compared byte by byte, are at most k insertions,
// deletions or substitutions apart (their Levenshtein distance is at most k). It costs
// O(k·len(a)): only the band of the table within k of its diagonal is computed.
func WithinEdits(a, b string, k int) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > k {
		return false
	}
	const far = 1 << 30
	// prev[j] and cur[j] are the distances between a[:i] and b[:j], far outside the band.
	var rows [2][32]int32
	prev, cur := rows[0][:], rows[1][:]
	if len(b) >= len(rows[0]) {
		prev, cur = make([]int32, len(b)+1), make([]int32, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	k32 := int32(k)
	for j := range prev {
		prev[j] = far
		if j <= k {
			prev[j] = int32(j)
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		for j := range cur {
			cur[j] = far
		}
		if i <= k {
			cur[0] = int32(i)
		}
		least := cur[0]
		for j := lo; j <= hi; j++ {
			d := prev[j-1]
			if a[i-1] != b[j-1] {
				d++
			}
			d = min(d, prev[j]+1, cur[j-1]+1)
			cur[j] = d
			least = min(least, d)
		}
		if least > k32 {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k32
}
