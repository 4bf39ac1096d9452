package neo4j

import (
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j/propgraph"
	"github.com/drugwatch/roundtable-kg/seed"
)

func TestFulltextQuery(t *testing.T) {
	tests := map[string]string{
		"Méthamphétamine":        "searchText:methamphetamine* searchText:methamphetamin searchText:methamphetamine~2 searchText:meth*",
		"DEA":                    "searchText:dea*",
		"surdose":                "searchText:surdose* searchText:surdos searchText:surdose~1 searchText:overdose* searchText:overdos searchText:overdose~1", // a synonym
		"pharmacies":             "searchText:pharmacies* searchText:pharmaci searchText:pharmac searchText:pharmacies~2",
		"Winnipeg pol":           "searchText:winnipeg* searchText:winnipeg~1 searchText:pol*",
		"the":                    "",
		"Department of Justice":  "searchText:department* searchText:depart searchText:department~2 searchText:justice* searchText:justic searchText:justice~1",
		"Riverbnk":               "searchText:riverbnk* searchText:riverbnk~1",
		"l'œuvre":                "",
		"main-d’œuvre":           "", // œuvre cannot be looked up as a prefix
		"straße":                 "searchText:stra*",
		"fentanyl fentanyl":      "searchText:fentanyl* searchText:fentanyl~1", // its stem is the word
		"policing":               "searchText:policing* searchText:polic searchText:policing~1",
		"14 700":                 "searchText:14* searchText:700*",
		`c+d (e) "f" AND OR NOT`: "searchText:c*", // d, e and f start stop words
		`x:y\z* ?~^{}[]/!&|`:     "searchText:x* searchText:y* searchText:z*",
	}
	for in, want := range tests {
		if got := fulltextQuery(kg.NewMatcher(in)); got != want {
			t.Errorf("fulltextQuery(Fold(%q)) = %q, want %q", in, got, want)
		}
	}
}

// luceneTokens approximates what the 'standard-folding' analyzer indexes for a searchText: its
// words, without English stop words. It leaves letters outside ASCII as they are where Lucene
// folds them, so it finds at most the candidates Lucene finds; that is the safe side for a test
// that they include every hit.
func luceneTokens(searchText string) []string {
	var out []string
	for _, w := range strings.Fields(searchText) {
		if !kg.IsLuceneStopWord(w) {
			out = append(out, w)
		}
	}
	return out
}

// candidate reports whether the full-text query (prefix, whole and fuzzy terms, any of which may
// match) would return an entity with these tokens. It counts a swap of two letters as two edits
// where Lucene counts one: it finds at most the candidates Lucene finds.
func candidate(query string, tokens []string) bool {
	for _, term := range strings.Fields(query) {
		term = strings.TrimPrefix(term, "searchText:")
		word, edits, fuzzy := strings.Cut(term, "~")
		prefix, isPrefix := strings.CutSuffix(term, "*")
		for _, tok := range tokens {
			switch {
			case fuzzy && kg.WithinEdits(word, tok, int(edits[0]-'0')),
				isPrefix && strings.HasPrefix(tok, prefix),
				!fuzzy && !isPrefix && tok == term:
				return true
			}
		}
	}
	return false
}

// TestFulltextCandidatesIncludeEveryHit checks, over the seed data and many queries made of its
// own words, that every entity kg.Score finds is among the full-text candidates, so that search
// in Neo4j ranks the same entities as the embedded store.
func TestFulltextCandidatesIncludeEveryHit(t *testing.T) {
	ds, err := seed.Read(seed.FS())
	if err != nil {
		t.Fatal(err)
	}
	type indexed struct {
		id     string
		doc    kg.SearchDoc
		tokens []string
	}
	var ents []indexed
	queries := map[string]bool{"the": true, "of the": true, "œuvre": true, "l'œuvre": true}
	for _, e := range ds.Entities {
		doc := kg.NewSearchDoc(e)
		ents = append(ents, indexed{e.ID, doc, luceneTokens(propgraph.SearchText(e))})
		for _, f := range doc.Texts() {
			words := strings.Fields(f.Text)
			if f.Field != "description" {
				queries[f.Text] = true
			}
			for i, w := range words {
				queries[w] = true
				if len(w) >= 5 {
					// The word with a typo: a letter left out.
					queries[w[:len(w)/2]+w[len(w)/2+1:]] = true
				}
				for n := 1; n < len(w) && n <= 3; n++ {
					queries[w[:n]] = true
				}
				if i+1 < len(words) {
					queries[w+" "+words[i+1][:min(2, len(words[i+1]))]] = true
				}
			}
		}
	}
	checked, hits := 0, 0
	for q := range queries {
		folded := kg.Fold(q)
		if folded == "" {
			continue
		}
		m := kg.NewMatcher(q)
		lucene := fulltextQuery(m)
		for _, e := range ents {
			best, _, _ := m.Score(e.doc)
			if best == 0 {
				continue
			}
			hits++
			if lucene != "" && !candidate(lucene, e.tokens) {
				t.Errorf("query %q (%s) scores %s %v but the full-text index would not return it", q, lucene, e.id, best)
			}
		}
		checked++
	}
	if checked < 1000 || hits < 10000 {
		t.Errorf("only %d queries and %d hits checked", checked, hits)
	}
	t.Logf("%d queries, %d hits checked", checked, hits)
}
