package kg

import (
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

// A lexicon splits, folds and stems a text's words as a query's are (splitWords), however its
// words were met before and whichever lexicon numbered them first.
func TestLexiconSplitsAsQueries(t *testing.T) {
	texts := []string{
		"Gendarmerie royale du Canada (GRC)", "L'Œuvre des pharmacies vérifiées", "Nouvelle‑Écosse",
		"ÉTATS-UNIS, İstanbul et ﬁnances", "crime organisé; crimes organisés", "e\u0301tat", "x\xffy", "",
		"MÉTHAMPHÉTAMINE 2019", "œuvre", "Straße",
	}
	first, second := NewLexicon(), NewLexicon()
	var docs []SearchDoc
	for _, text := range texts {
		docs = append(docs, second.Doc(Entity{Aliases: []string{text}}))
	}
	first.Doc(Entity{Aliases: []string{"crimes œuvre pharmacies"}})
	first.Merge(second, docs)
	for i, text := range texts {
		d := docs[i]
		folded, written := splitWords(text)
		var want, got []wordStems
		for j := range folded {
			want = append(want, stemsOf(written[j], ""))
		}
		var words []string
		for _, id := range d.field(2) {
			words = append(words, first.words[id])
			got = append(got, first.stems[id])
		}
		if diff := cmp.Diff(folded, words); diff != "" {
			t.Errorf("%q: words (-query +lexicon):\n%s", text, diff)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(wordStems{})); diff != "" {
			t.Errorf("%q: stems (-query +lexicon):\n%s", text, diff)
		}
	}
}

// wordSep's shortcut for ASCII agrees with the Unicode classes it stands for.
func TestWordSepASCII(t *testing.T) {
	for r := rune(0); r < 0x80; r++ {
		if want := !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r); wordSep(r) != want {
			t.Errorf("wordSep(%q) = %v, want %v", r, !want, want)
		}
	}
}
