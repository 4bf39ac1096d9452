package kg

import "testing"

// Fold's rune-by-rune path gives what normalising the whole text gives.
func TestFoldAgreesWithNormalisation(t *testing.T) {
	texts := []string{
		"Méthamphétamine", "Nouvelle‑Écosse", "GENDARMERIE ROYALE DU CANADA", "l’équipe J-CODE", "e\u0301te\u0301",
		"Ærø Œuvre ß ﬁ", "Škoda Łódź", "한국어 텍스트", "Ελληνικά", "x\u00a0y\u202fz", "…«guillemets»…", "",
	}
	for r := rune(0x80); r < 0x2100; r++ {
		texts = append(texts, "a"+string(r)+"b", string(r)+"\u0301")
	}
	for _, s := range texts {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%q) = %q, normalisation gives %q", s, got, want)
		}
	}
}
