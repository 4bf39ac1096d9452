package neo4j

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/drugwatch/roundtable-kg/kg"
)

// TestEntityFromNodeCitationFields reads what citations need: a fact's kind, qualifier and session
// note, a document's metadata and sections, and evidence paragraphs and translations, as the driver
// decodes them (lists as []any, integers as int64).
func TestEntityFromNodeCitationFields(t *testing.T) {
	node := dbtype.Node{ElementId: "4:db:9", Props: map[string]any{
		"id": "doc", "type": "Document", "kind": "count", "qualifier": "more-than", "sessionNote": "why",
		"publisherFr": "Sécurité publique Canada", "publisherEn": "Public Safety Canada",
		"url": "https://example.org", "language": "fr", "eventDate": "2019-10-08/2019-10-09",
		"sectionIds": []any{"a", "b"}, "sectionTitlesFr": []any{"A fr", "B fr"}, "sectionTitlesEn": []any{"A en", "B en"},
		"evidenceDocuments": []any{"doc", "doc"}, "evidenceSections": []any{"a", "b"}, "evidenceQuotes": []any{"q1", "q2"},
		"evidenceParagraphs": []any{int64(3), int64(0)}, "evidenceQuotesEn": []any{"e1", ""},
	}}
	want := kg.Entity{
		ID: "doc", Type: kg.Document, Aliases: []string{}, Kind: "count", Qualifier: "more-than", SessionNote: "why",
		Publisher: kg.Text{FR: "Sécurité publique Canada", EN: "Public Safety Canada"},
		URL:       "https://example.org", Language: kg.FR, EventDate: "2019-10-08/2019-10-09",
		Sections: []kg.Section{{ID: "a", Title: kg.Text{FR: "A fr", EN: "A en"}}, {ID: "b", Title: kg.Text{FR: "B fr", EN: "B en"}}},
		Evidence: []kg.Evidence{{Document: "doc", Section: "a", Quote: "q1", Paragraph: 3, QuoteEN: "e1"}, {Document: "doc", Section: "b", Quote: "q2"}},
	}
	got, err := entityFromNode(node)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entity (-want +got):\n%s", diff)
	}
}

func TestEntityFromNodeRejectsBadEvidenceLists(t *testing.T) {
	base := func() map[string]any {
		return map[string]any{"id": "x", "type": "Place",
			"evidenceDocuments": []any{"d"}, "evidenceSections": []any{"s"}, "evidenceQuotes": []any{"q"}}
	}
	tests := map[string]struct {
		key   string
		value any
		want  string
	}{
		"ParagraphsTooShort":  {"evidenceParagraphs", []any{}, "evidence lists of different lengths"},
		"ParagraphNotInteger": {"evidenceParagraphs", []any{"3"}, "property evidenceParagraphs is string, want a list of integers"},
		"ParagraphsNotList":   {"evidenceParagraphs", int64(3), "property evidenceParagraphs is int64, want a list of integers"},
		"TranslationsTooLong": {"evidenceQuotesEn", []any{"a", "b"}, "evidence lists of different lengths"},
		"SectionTitlesShort":  {"sectionIds", []any{"a"}, "section lists of different lengths"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			props := base()
			props[tt.key] = tt.value
			_, err := entityFromNode(dbtype.Node{ElementId: "4:db:1", Props: props})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
