package kg

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form search compares: accents removed, lower case, punctuation turned into
// spaces, and runs of spaces collapsed. "Méthamphétamine", "METHAMPHETAMINE" and
// "méthamphétamine" fold to the same string; so do "Nouvelle‑Écosse" and "nouvelle ecosse".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	var b strings.Builder
	space := false
	for _, r := range out {
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

// NormalizeSpace collapses every run of white space, including no-break spaces, into one space and
// trims the ends. Quotes are compared with the source after this normalisation only.
func NormalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2007'
	}), " ")
}
