package kg

import "strings"

// Search scores. Every store ranks with these tiers, so that both return the same order: exact
// names and acronyms first, then names that start with the query, then names that contain every
// word of the query, then descriptions.
const (
	ScoreExactName   = 100.0
	ScoreExactAlias  = 95.0
	ScoreNamePrefix  = 60.0
	ScoreAliasPrefix = 55.0
	ScoreNameWords   = 40.0
	ScoreAliasWords  = 35.0
	ScoreDescription = 10.0
)

// SearchField is one searchable text of an entity, already folded.
type SearchField struct {
	Field    string   // "name", "alias" or "description"
	Language Language // empty for aliases
	Text     string   // folded with Fold
	words    []string // the words of Text, split once
}

// Words returns the words of the field's text; the slice belongs to the field.
func (f SearchField) Words() []string { return f.words }

func field(name string, lang Language, text string) SearchField {
	folded := Fold(text)
	return SearchField{Field: name, Language: lang, Text: folded, words: strings.Fields(folded)}
}

// SearchFields returns the searchable texts of e, folded.
func SearchFields(e Entity) []SearchField {
	fs := []SearchField{field("name", FR, e.Name.FR), field("name", EN, e.Name.EN)}
	for _, a := range e.Aliases {
		fs = append(fs, field("alias", "", a))
	}
	fs = append(fs, field("description", FR, e.Description.FR), field("description", EN, e.Description.EN))
	if e.Type == Fact {
		fs = append(fs, field("description", FR, e.Statement.FR), field("description", EN, e.Statement.EN))
	}
	return fs
}

// ScoreField scores one folded field against a folded query; 0 means no match.
func ScoreField(f SearchField, query string) float64 {
	if query == "" || f.Text == "" {
		return 0
	}
	name := f.Field != "description"
	exact, prefix, words := ScoreExactName, ScoreNamePrefix, ScoreNameWords
	if f.Field == "alias" {
		exact, prefix, words = ScoreExactAlias, ScoreAliasPrefix, ScoreAliasWords
	}
	switch {
	case name && f.Text == query:
		return exact
	case name && strings.HasPrefix(f.Text, query):
		return prefix
	case allWordPrefixes(f.words, query):
		if name {
			return words
		}
		return ScoreDescription
	}
	return 0
}

// allWordPrefixes reports whether every word of query starts some word of the text.
func allWordPrefixes(tw []string, query string) bool {
	for _, q := range strings.Fields(query) {
		found := false
		for _, w := range tw {
			if strings.HasPrefix(w, q) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Score returns the best score of e for a folded query, with the field and language that gave it.
func Score(e Entity, query string) (float64, string, Language) {
	return ScoreFields(SearchFields(e), query)
}

// ScoreFields is Score over fields already built by SearchFields, for stores that keep them.
func ScoreFields(fields []SearchField, query string) (float64, string, Language) {
	var best float64
	var field string
	var lang Language
	for _, f := range fields {
		if s := ScoreField(f, query); s > best {
			best, field, lang = s, f.Field, f.Language
		}
	}
	return best, field, lang
}
