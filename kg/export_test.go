package kg

// NewMatcherWithoutSynonyms prepares a query as written, without its synonyms.
func NewMatcherWithoutSynonyms(text string) Matcher { return newWrittenMatcher(splitWords(text)) }

// ParseSynonyms exposes parseSynonyms to the tests.
var ParseSynonyms = parseSynonyms
