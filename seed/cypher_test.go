package seed_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/seed"
)

// TestScriptsUpToDate fails when the committed Cypher scripts differ from what the data renders to.
func TestScriptsUpToDate(t *testing.T) {
	ds, err := seed.Read(seed.FS())
	if err != nil {
		t.Fatal(err)
	}
	want, err := seed.CypherScripts(ds)
	if err != nil {
		t.Fatal(err)
	}
	got := seed.Scripts()
	if len(got) != len(want) {
		t.Fatalf("%d committed scripts, want %d: run go generate ./seed", len(got), len(want))
	}
	for i := range want {
		if got[i].Name != want[i].Name {
			t.Errorf("script %d is %s, want %s: run go generate ./seed", i, got[i].Name, want[i].Name)
			continue
		}
		if got[i].Text != want[i].Text {
			gl, wl := strings.Split(got[i].Text, "\n"), strings.Split(want[i].Text, "\n")
			line := 0
			for line < min(len(gl), len(wl)) && gl[line] == wl[line] {
				line++
			}
			t.Errorf("seed/%s is stale from line %d on: run go generate ./seed", want[i].Name, line+1)
		}
	}
}

// stripStrings replaces the content of string literals and quoted names, so that keywords can be
// looked for in what remains.
func stripStrings(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\'' && c != '"' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(s) && s[j] != c {
			if s[j] == '\\' {
				j++
			}
			j++
		}
		b.WriteString(`''`)
		i = j
	}
	return b.String()
}

// TestScriptsIdempotent checks the shape of every statement: the schema only creates what does not
// exist yet, data is only ever merged (never created), and deletes only remove what the data no
// longer has.
func TestScriptsIdempotent(t *testing.T) {
	create := regexp.MustCompile(`(?i)\bCREATE\b`)
	shapes := map[string][]*regexp.Regexp{
		"01-schema.cypher": {
			regexp.MustCompile(`^CREATE (CONSTRAINT|INDEX|FULLTEXT INDEX) \w+ IF NOT EXISTS FOR \(n:\w+\) `),
			regexp.MustCompile(`^CALL db\.awaitIndexes\(\d+\)$`),
		},
		"02-entities.cypher": {
			regexp.MustCompile(`^MERGE \(n:Entity:[A-Z]\w* \{id: ''\}\) SET n = \{id: '', type: '', .*\}$`),
		},
		"03-relationships.cypher": {
			regexp.MustCompile(`^MATCH \(a:Entity \{id: ''\}\) MATCH \(b:Entity \{id: ''\}\) MERGE \(a\)-\[r:[A-Z_]+\]->\(b\) SET r = \{.*\}$`),
		},
		"04-version.cypher": {
			regexp.MustCompile(`^MATCH \(n:Entity\) WHERE NOT n\.id IN \[.*\] DETACH DELETE n$`),
			regexp.MustCompile(`^MATCH \(:Entity\)-\[r\]->\(:Entity\) WHERE NOT \[type\(r\), startNode\(r\)\.id, endNode\(r\)\.id\] IN \[.*\] DELETE r$`),
			regexp.MustCompile(`^MERGE \(m:GraphMeta \{id: ''\}\) SET m\.dataVersion = '', m\.entityCount = \d+, m\.relationshipCount = \d+$`),
		},
	}
	scripts := seed.Scripts()
	if len(scripts) != len(shapes) {
		t.Fatalf("%d scripts, want %d", len(scripts), len(shapes))
	}
	for _, s := range scripts {
		allowed, ok := shapes[s.Name]
		if !ok {
			t.Errorf("unexpected script %s", s.Name)
			continue
		}
		stmts := s.Statements()
		if len(stmts) == 0 {
			t.Errorf("%s has no statements", s.Name)
		}
		for _, st := range stmts {
			bare := stripStrings(st.Text)
			if strings.Contains(bare, "\n") {
				t.Errorf("%s:%d: statement spans several lines", s.Name, st.Line)
			}
			if s.Name != "01-schema.cypher" && create.MatchString(bare) {
				t.Errorf("%s:%d: CREATE in a data statement: %.80s", s.Name, st.Line, st.Text)
			}
			matched := false
			for _, re := range allowed {
				matched = matched || re.MatchString(bare)
			}
			if !matched {
				t.Errorf("%s:%d: statement of an unexpected shape: %.120s", s.Name, st.Line, st.Text)
			}
		}
	}
}

// TestScriptsCoverData checks that the scripts hold one statement per entity and per relationship.
func TestScriptsCoverData(t *testing.T) {
	ds, err := seed.Read(seed.FS())
	if err != nil {
		t.Fatal(err)
	}
	scripts, err := seed.CypherScripts(ds)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(scripts[1].Statements()); n != len(ds.Entities) {
		t.Errorf("%d entity statements, want %d", n, len(ds.Entities))
	}
	if n := len(scripts[2].Statements()); n != len(ds.Relationships) {
		t.Errorf("%d relationship statements, want %d", n, len(ds.Relationships))
	}
	if !strings.Contains(scripts[3].Text, "'"+ds.Version+"'") {
		t.Errorf("04-version.cypher does not record version %s", ds.Version)
	}
}

func TestCypherScriptsEscaping(t *testing.T) {
	ds := &seed.Dataset{
		Entities: []kg.Entity{{
			ID: "a", Type: kg.Organization, Name: kg.Text{FR: `L'œil "du" \ lac`, EN: "line\nbreak\u00a0nbsp; semi"},
			Aliases: []string{"A'B"}, Evidence: []kg.Evidence{{Document: "d", Section: "s", Quote: "q;'"}},
		}},
		Version: "v1",
	}
	scripts, err := seed.CypherScripts(ds)
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
	if _, err := seed.CypherScripts(bad); err == nil {
		t.Error("an entity type outside the vocabulary was rendered")
	}
	bad = &seed.Dataset{
		Entities:      ds.Entities,
		Relationships: []kg.Relationship{{Type: "X]->() DETACH DELETE (", From: "a", To: "a"}},
	}
	if _, err := seed.CypherScripts(bad); err == nil {
		t.Error("a relationship type outside the vocabulary was rendered")
	}
}

func TestStatements(t *testing.T) {
	s := seed.Script{Name: "x.cypher", Text: "// a comment; not a statement\n" +
		"RETURN 'a;b' AS x;\n" +
		"\n" +
		"/* block; comment */ MATCH (n)\n" +
		"  RETURN n.`we;ird` AS y ; RETURN \"q\\\";\" AS z;\n" +
		"RETURN 1 // trailing; comment\n"}
	want := []seed.Statement{
		{Line: 2, Text: "RETURN 'a;b' AS x"},
		{Line: 4, Text: "MATCH (n)\n  RETURN n.`we;ird` AS y"},
		{Line: 5, Text: "RETURN \"q\\\";\" AS z"},
		{Line: 6, Text: "RETURN 1"},
	}
	if diff := cmp.Diff(want, s.Statements()); diff != "" {
		t.Errorf("Statements (-want +got):\n%s", diff)
	}
}
