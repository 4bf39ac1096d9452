package kg

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

// A lexicon splits, folds and stems a text's words as a query's are (splitWords), however its
// words were met before and whichever lexicon numbered them first.
func TestLexiconSplitsAsQueries(t *testing.T) {
	texts := []string{
		"Gendarmerie royale du Canada (GRC)", "L'Œuvre des pharmacies vérifiées", "Nouvelle‑Écosse",
		"ÉTATS-UNIS, İstanbul et ﬁnances", "crime organisé; crimes organisés", "e\u0301tat", "x\xffy", "",
		"MÉTHAMPHÉTAMINE 2019", "œuvre", "Straße", "été \u0301 crimes", "\u0302",
	}
	first, second := NewLexicon(), NewLexicon()
	var docs []SearchDoc
	for _, text := range texts {
		docs = append(docs, second.Doc(Entity{Aliases: []string{text}}))
	}
	first.Doc(Entity{Aliases: []string{"crimes œuvre pharmacies \u0301"}})
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

// Text made of runes before U+0300 is in NFC, so the lexicon splits it without normalising it:
// no such rune changes, and no two of them compose.
func TestLatinIsNFC(t *testing.T) {
	for r1 := rune(0); r1 < 0x300; r1++ {
		for r2 := rune(0); r2 < 0x300; r2++ {
			if s := string(r1) + string(r2); !norm.NFC.IsNormalString(s) {
				t.Errorf("%q is not in NFC", s)
			}
		}
	}
}

// latinOnly accepts exactly the valid UTF-8 strings whose runes all precede U+0300.
func TestLatinOnly(t *testing.T) {
	for _, s := range []string{"", "abc", "été", "Œuvre", "Straße", "ʯ", "ˀ", "e\u0301", "İstanbul", "ﬁn", "x\xffy", "\x80", "\xc3", "a\xc3", "\xc3(", "\xc0\x80", "\xcb\xbf", "\xcc\x80"} {
		want := utf8.ValidString(s)
		for _, r := range s {
			want = want && r < 0x300
		}
		if got := latinOnly(s); got != want {
			t.Errorf("latinOnly(%q) = %v, want %v", s, got, want)
		}
	}
}

// The lookup that prepare reads finds, for each query word, exactly the words and the bits that
// matches and near give when every word of the lexicon is tried, in every kind of text.
func TestPrepareFindsWhatMatchesFinds(t *testing.T) {
	v := NewLexicon()
	for _, text := range []string{
		"Gendarmerie royale du Canada (GRC)", "Royal Canadian Mounted Police", "méthamphétamine et fentanyl",
		"methamphetamine, fentanyl and carfentanil", "crime organisé; crimes organisés", "organized crime groups",
		"Projet Riverbank", "the Riverbank project", "Premières Nations, Inuits et Métis", "First Nations policing",
		"saisies de drogues illicites", "drug seizures", "l'Agence des services frontaliers du Canada",
	} {
		v.Doc(Entity{Aliases: []string{text}})
	}
	for _, text := range []string{"riverbnk", "fentanil", "crime", "organis", "gendarmerie royale", "nations", "drogue", "seizure", "the", "métamphétamine", "x"} {
		m := NewMatcher(text)
		got := m.prepare(v)
		var want []int32
		for id := range v.words {
			any := false
			for j := range m.words {
				q := &m.words[j]
				var bits uint8
				for lang := range fieldLangs {
					if v.matches(q, int32(id), fieldLangs[lang]) {
						bits |= 1 << lang
					}
				}
				if v.near(q, int32(id)) {
					bits |= typoBit
				}
				if q.in[id] != bits {
					t.Errorf("%q: word %q: bits %03b, want %03b", text, v.words[id], q.in[id], bits)
				}
				any = any || bits != 0
			}
			if any {
				want = append(want, int32(id))
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: words (-want +got):\n%s", text, diff)
		}
	}
}
