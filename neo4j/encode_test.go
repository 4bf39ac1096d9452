package neo4j

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/seed"
)

func mustLoad(t *testing.T) *seed.Dataset {
	t.Helper()
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// committedScripts reads the scripts under seed/ as they are committed.
func committedScripts(t *testing.T) []Script {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("..", "seed", "*.cypher"))
	if err != nil {
		t.Fatal(err)
	}
	var out []Script
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Script{Name: filepath.Base(name), Text: string(b)})
	}
	return out
}

// TestScriptsUpToDate fails when the committed Cypher scripts differ from what the data renders to.
func TestScriptsUpToDate(t *testing.T) {
	want, err := Scripts(mustLoad(t))
	if err != nil {
		t.Fatal(err)
	}
	got := committedScripts(t)
	if len(got) != len(want) {
		t.Fatalf("%d committed scripts, want %d: run go generate ./...", len(got), len(want))
	}
	for i := range want {
		if got[i].Name != want[i].Name {
			t.Errorf("script %d is %s, want %s: run go generate ./...", i, got[i].Name, want[i].Name)
			continue
		}
		if got[i].Text != want[i].Text {
			gl, wl := strings.Split(got[i].Text, "\n"), strings.Split(want[i].Text, "\n")
			line := 0
			for line < min(len(gl), len(wl)) && gl[line] == wl[line] {
				line++
			}
			t.Errorf("seed/%s is stale from line %d on: run go generate ./...", want[i].Name, line+1)
		}
	}
}

// TestScriptsRunTheSeedStatements checks that every data statement of the scripts is one of the seed
// command's statements with literals in place of its parameters, and that the schema script only
// creates what does not exist yet (and makes the full-text index anew).
func TestScriptsRunTheSeedStatements(t *testing.T) {
	ds := mustLoad(t)
	scripts, err := Scripts(ds)
	if err != nil {
		t.Fatal(err)
	}
	schema := []*regexp.Regexp{
		regexp.MustCompile(`^CREATE (CONSTRAINT|INDEX|FULLTEXT INDEX) \w+ IF NOT EXISTS FOR \(n:\w+\) `),
		regexp.MustCompile(`^DROP INDEX ` + FulltextIndex + ` IF EXISTS$`),
		regexp.MustCompile(`^CALL db\.awaitIndexes\(\d+\)$`),
	}
	// A statement matches a seed statement when replacing each literal list or literal by its
	// parameter gives the statement's text.
	list := regexp.MustCompile(`(?s)^UNWIND \[.*\] AS row\n`)
	data := map[string][]statement{
		"02-entities.cypher":      {stmtSeedEntities},
		"03-relationships.cypher": {stmtSeedRelationships},
		"04-version.cypher":       {stmtSeedPruneEntities, stmtSeedPruneEntitiesAfter, stmtSeedPruneRelationships, stmtSeedVersion},
	}
	rows := 0
	for _, s := range scripts {
		next, seen := 0, 0
		stmts := s.Statements()
		if len(stmts) == 0 {
			t.Errorf("%s has no statements", s.Name)
		}
		for i, st := range stmts {
			if s.Name == "01-schema.cypher" {
				ok := false
				for _, re := range schema {
					ok = ok || re.MatchString(st.Text)
				}
				if !ok {
					t.Errorf("%s:%d: unexpected schema statement %.100s", s.Name, st.Line, st.Text)
				}
				continue
			}
			want := data[s.Name]
			var w statement
			if len(want) == 1 {
				w = want[0]
				rows += strings.Count(st.Text, "properties: {")
				if got := list.ReplaceAllLiteralString(st.Text, "UNWIND $rows AS row\n"); got != w.text {
					t.Errorf("%s:%d: statement is not %s with literal rows:\n%.300s", s.Name, st.Line, w.name, st.Text)
				}
				continue
			}
			// The statements of want in their order, each once or more (the prune, a range a
			// statement), the last once.
			for next < len(want) && !strings.HasPrefix(st.Text, want[next].text[:strings.Index(want[next].text, "$")]) {
				next++
				seen = 0
			}
			if next == len(want) || next == len(want)-1 && seen > 0 {
				t.Errorf("%s:%d: statement is none of %v in their order:\n%.300s", s.Name, st.Line, want, st.Text)
				break
			}
			seen++
			if i == len(stmts)-1 && next != len(want)-1 {
				t.Errorf("%s: the last statement is not %s", s.Name, want[len(want)-1].name)
			}
		}
	}
	if want := len(ds.Entities) + len(ds.Relationships); rows != want {
		t.Errorf("the scripts write %d rows, want %d entities and relationships", rows, want)
	}
	if !strings.Contains(scripts[3].Text, "'"+ds.Version+"'") {
		t.Errorf("04-version.cypher does not record version %s", ds.Version)
	}
}

func TestScriptsEscaping(t *testing.T) {
	ds := &seed.Dataset{
		Entities: []kg.Entity{{
			ID: "a", Type: kg.Organization, Name: kg.Text{FR: `L'œil "du" \ lac`, EN: "line\nbreak\u00a0nbsp; semi"},
			Aliases: []string{"A'B"}, Evidence: []kg.Evidence{{Document: "d", Section: "s", Quote: "q;'"}},
		}},
		Version: "v1",
	}
	scripts, err := Scripts(ds)
	if err != nil {
		t.Fatal(err)
	}
	got := scripts[1].Statements()
	if len(got) != 1 {
		t.Fatalf("%d statements, want 1: %q", len(got), scripts[1].Text)
	}
	for _, want := range []string{
		`nameFr: 'L\'œil "du" \\ lac'`,
		`nameEn: 'line\nbreak\u00A0nbsp; semi'`,
		`aliases: ['A\'B'], aliasesText: 'A\'B'`,
		`evidenceQuotes: ['q;\'']`,
	} {
		if !strings.Contains(got[0].Text, want) {
			t.Errorf("statement lacks %s:\n%s", want, got[0].Text)
		}
	}
	bad := &seed.Dataset{Entities: []kg.Entity{{ID: "a", Type: "Organization) DETACH DELETE (x"}}}
	if _, err := Scripts(bad); err == nil {
		t.Error("an entity type outside the vocabulary was rendered")
	}
	bad = &seed.Dataset{
		Entities:      ds.Entities,
		Relationships: []kg.Relationship{{Type: "X]->() DETACH DELETE (", From: "a", To: "a"}},
	}
	if _, err := Scripts(bad); err == nil {
		t.Error("a relationship type outside the vocabulary was rendered")
	}
	bad = &seed.Dataset{
		Entities:      ds.Entities,
		Relationships: []kg.Relationship{{Type: "PARTNERS_WITH", From: "a", To: "missing"}},
	}
	if _, err := Scripts(bad); err == nil {
		t.Error("a relationship to a missing entity was rendered")
	}
}

func TestStatements(t *testing.T) {
	s := Script{Name: "x.cypher", Text: "// a comment; not a statement\n" +
		"RETURN 'a;b' AS x;\n" +
		"\n" +
		"/* block; comment */ MATCH (n)\n" +
		"  RETURN n.`we;ird` AS y ; RETURN \"q\\\";\" AS z;\n" +
		"RETURN 1 // trailing; comment\n"}
	want := []Statement{
		{Line: 2, Text: "RETURN 'a;b' AS x"},
		{Line: 4, Text: "MATCH (n)\n  RETURN n.`we;ird` AS y"},
		{Line: 5, Text: "RETURN \"q\\\";\" AS z"},
		{Line: 6, Text: "RETURN 1"},
	}
	if diff := cmp.Diff(want, s.Statements()); diff != "" {
		t.Errorf("Statements (-want +got):\n%s", diff)
	}
}

func TestBindWritesLiterals(t *testing.T) {
	got := stmtSeedVersion.bind(literals(map[string]any{"id": "g", "version": "it's", "entities": int64(2), "relationships": int64(3)}))
	for _, want := range []string{"{id: 'g'}", "m.dataVersion = 'it\\'s'", "m.entityCount = 2", "m.relationshipCount = 3"} {
		if !strings.Contains(got, want) {
			t.Errorf("bound statement lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "$") {
		t.Errorf("bound statement keeps a parameter:\n%s", got)
	}
}
