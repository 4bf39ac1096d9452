package seed_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drugwatch/roundtable-kg/seed"
)

const testSource = "Titre\n\nSection A\n\nLa GRC a saisi 1 200 kilos de cocaïne à Winnipeg.\n\nSection B\n\nLe Projet X cible le fentanyl.\n"

const testDocuments = `{"documents": [{"id": "doc", "file": "sources/doc.txt", "language": "fr", "sections": [
  {"id": "title", "heading": "Titre", "headingEn": "Title"}, {"id": "a", "heading": "Section A", "headingEn": "Section A"},
  {"id": "b", "heading": "Section B", "headingEn": "Section B"}]}]}`

// docExtra is what a Document entity needs besides names: publisher, address, event date.
const docExtra = `"publisher": {"fr": "Éditeur", "en": "Publisher"}, "url": "https://example.org/doc", "eventDate": "2019-10-08", `

// entity returns a JSON entity with valid names and the given evidence quote in section a.
func entity(id, typ, name, quote string, extra string) string {
	return `{"id": "` + id + `", "type": "` + typ + `", "name": {"fr": "` + name + `", "en": "` + name + `"},
	  "description": {"fr": "d", "en": "d"}, ` + extra + `"evidence": [{"section": "a", "quote": "` + quote + `"}]}`
}

// mustReadOne reads a seed tree of one document (its index docs, its source) and one data file.
func mustReadOne(t *testing.T, docs, source, data string) *seed.Dataset {
	t.Helper()
	return mustRead(t, fstest.MapFS{
		"documents.json":  {Data: []byte(docs)},
		"sources/doc.txt": {Data: []byte(source)},
		"data/a.json":     {Data: []byte(data)},
	})
}

// lines returns the problems, one a line.
func lines(ps []seed.Problem) string {
	all := make([]string, len(ps))
	for i, p := range ps {
		all[i] = p.String()
	}
	return strings.Join(all, "\n")
}

// wantReported fails the test for each problem of want that check, whose problems got holds one
// a line, did not report, and for each entity or relationship of clean (a line's start) that it
// did.
func wantReported(t *testing.T, check, got string, want, clean []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s did not report %q; it reported:\n%s", check, w, got)
		}
	}
	for _, c := range clean {
		if strings.Contains("\n"+got, "\n"+c) {
			t.Errorf("%s reported a problem with %s, which is right:\n%s", check, c, got)
		}
	}
}

func TestCheckFindsEachKindOfProblem(t *testing.T) {
	data := `{"document": "doc", "entities": [
	  ` + entity("doc", "Document", "Titre", "La GRC", docExtra) + `,
	  ` + entity("rcmp", "Organization", "GRC", "La GRC a saisi", `"aliases": ["RCMP"], `) + `,
	  ` + entity("rcmp-copy", "Organization", "RCMP", "La GRC", "") + `,
	  ` + entity("winnipeg", "Place", "Winnipeg", "à Vancouver", "") + `,
	  ` + entity("Bad_Id", "Substance", "Cocaïne", "cocaïne", "") + `,
	  ` + entity("fact-seizure", "Fact", "Saisie", "1 200 kilos de cocaïne", `"value": 1300, "valueText": "1 200", "unit": "kilograms", "kind": "amount", "measure": "seizures", "qualifier": "exact", "noSession": "test", "statement": {"fr": "s", "en": "s"}, "about": ["rcmp"], `) + `,
	  {"id": "nameless", "type": "Person", "name": {"fr": "Jean"}, "description": {"fr": "d", "en": "d"}, "role": {"fr": "r", "en": "r"}, "evidence": [{"section": "zz", "quote": "GRC"}]}
	], "relationships": [
	  {"type": "LOCATED_IN", "from": "winnipeg", "to": "rcmp", "evidence": [{"section": "a", "quote": "Winnipeg"}]},
	  {"type": "RUNS", "from": "rcmp", "to": "nowhere", "evidence": [{"section": "a", "quote": "GRC"}]},
	  {"type": "LIKES", "from": "rcmp", "to": "winnipeg", "evidence": [{"section": "a", "quote": "GRC"}]},
	  {"type": "OPERATES_IN", "from": "rcmp", "to": "winnipeg", "evidence": [{"section": "b", "quote": "à Winnipeg"}]}
	]}`
	got := lines(seed.Check(mustReadOne(t, testDocuments, testSource, data)))
	wantReported(t, "Check", got, []string{
		`rcmp-copy: shares the normalised name or alias "rcmp" with rcmp`,
		`winnipeg: quote not found in section a: "à Vancouver"`,
		`Bad_Id: id is not a slug`,
		`fact-seizure: value 1300 does not match valueText "1 200" (1200)`,
		`nameless: name needs both fr and en`,
		`nameless: evidence names unknown section "zz"`,
		`LOCATED_IN winnipeg -> rcmp: LOCATED_IN may not go from Place to Organization`,
		`RUNS rcmp -> nowhere: endpoint does not exist`,
		`LIKES rcmp -> winnipeg: relationship type not in the vocabulary`,
		`OPERATES_IN rcmp -> winnipeg: quote not found in section b: "à Winnipeg"`,
	}, nil)
	if n := strings.Count(got, "\n") + 1; n != 10 {
		t.Errorf("Check reported %d problems, want 10:\n%s", n, got)
	}
}

func TestCheckFindsDuplicateIDsAndDanglingMentions(t *testing.T) {
	fsys := fstest.MapFS{
		"documents.json":  {Data: []byte(testDocuments)},
		"sources/doc.txt": {Data: []byte(testSource)},
		"data/a.json":     {Data: []byte(`{"document": "doc", "entities": [` + entity("doc", "Document", "Titre", "GRC", docExtra) + `, ` + entity("rcmp", "Organization", "GRC", "GRC", "") + `]}`)},
		"data/b.json": {Data: []byte(`{"document": "doc", "entities": [` + entity("rcmp", "Organization", "GRC", "GRC", "") + `],
		  "mentions": [{"entity": "x", "evidence": [{"section": "a", "quote": "GRC"}]}]}`)},
	}
	got := lines(seed.Check(mustRead(t, fsys)))
	want := "b.json: rcmp: already defined in a.json (use mentions to add evidence)\n" +
		"b.json: x: mention of an entity that no file defines"
	if got != want {
		t.Errorf("Check = %q, want %q", got, want)
	}
}

func TestReadRejectsMalformedFiles(t *testing.T) {
	base := fstest.MapFS{
		"documents.json":  {Data: []byte(testDocuments)},
		"sources/doc.txt": {Data: []byte(testSource)},
	}
	tests := map[string]struct {
		files map[string]string
		want  string
	}{
		"UnknownField": {map[string]string{"data/a.json": `{"document": "doc", "entites": []}`}, `unknown field "entites"`},
		"BadJSON":      {map[string]string{"data/a.json": `{"document": "doc",`}, `a.json: unexpected EOF`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			for k, v := range tc.files {
				fsys[k] = &fstest.MapFile{Data: []byte(v)}
			}
			_, err := seed.Read(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Read error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
