package kg

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form search compares: accents removed, lower case, punctuation turned into
// spaces, and runs of spaces collapsed. "Méthamphétamine", "METHAMPHETAMINE" and
// "méthamphétamine" fold to the same string; so do "Nouvelle‑Écosse" and "nouvelle ecosse".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	emit := func(r rune) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			return
		}
		space = true
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			emit(r)
			continue
		}
		bare, ok := latin[r]
		if !ok {
			return foldSlow(s)
		}
		for _, r := range bare {
			emit(r)
		}
	}
	return b.String()
}

// latin maps each rune of the Latin, combining-mark and punctuation blocks to itself without its
// marks (NFD, marks removed, NFC). Runes of these blocks never compose with their neighbours once
// their marks are gone, so folding a text rune by rune through this table gives what foldSlow
// gives; any other rune sends the whole text through foldSlow.
var latin = func() map[rune]string {
	m := map[rune]string{}
	for _, block := range [][2]rune{{0x80, 0x24f}, {0x300, 0x36f}, {0x1e00, 0x1eff}, {0x2000, 0x206f}} {
		for r := block[0]; r <= block[1]; r++ {
			m[r] = unmark(string(r))
		}
	}
	return m
}()

// foldSlow is Fold through Unicode normalisation of the whole text.
func foldSlow(s string) string {
	var b strings.Builder
	space := false
	for _, r := range unmark(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// unmark returns s in NFD without its combining marks, then in NFC.
func unmark(s string) string {
	var bare strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			bare.WriteRune(r)
		}
	}
	return norm.NFC.String(bare.String())
}

// NormalizeSpace collapses every run of white space, including no-break spaces, into one space and
// trims the ends. Quotes are compared with the source after this normalisation only.
func NormalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2007'
	}), " ")
}
