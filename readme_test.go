package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/web"
)

var update = flag.Bool("update", false, "rewrite the outputs shown in README.md and docs/")

// exampleDocs are the documents whose example queries TestREADME checks, each with the least
// number of examples it shows, so that a broken pattern cannot pass by matching nothing.
var exampleDocs = []struct {
	name string
	min  int
}{
	{"README.md", 1},
	{"docs/examples.md", 8},
	{"docs/search.md", 5},
}

// exampleBlocks matches a GraphQL block followed by the JSON block that shows its output.
var exampleBlocks = regexp.MustCompile("(?s)```graphql\n(.*?)\n```\n\n```json\n(.*?)\n```")

// counts matches the sentence of README.md that sums up the graph.
var counts = regexp.MustCompile(`(\d+) entities, (\d+) relationships and (\d+) figures`)

// coverageDoc is the document that shows the coverage report, and coverageBlock matches it there.
const coverageDoc = "docs/api.md"

var coverageBlock = regexp.MustCompile("(?s)(Its current output:\n\n```text\n)(.*?)(```)")

// TestREADME checks that every example query of README.md and docs/examples.md gives the output
// shown under it, over the real HTTP handler on the embedded graph; that README.md counts the
// graph right; and that the coverage report shown in docs/api.md is current.
func TestREADME(t *testing.T) {
	store, ds := memorytest.MustSeeded(t)
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()

	for _, doc := range exampleDocs {
		t.Run(doc.name, func(t *testing.T) {
			text := readDoc(t, doc.name)
			matches := exampleBlocks.FindAllStringSubmatch(text, -1)
			if len(matches) < doc.min {
				t.Fatalf("%s shows %d example queries, want at least %d", doc.name, len(matches), doc.min)
			}
			for _, m := range matches {
				query, shown := m[1], m[2]
				got := runQuery(t, srv.URL, query)
				if *update {
					text = strings.Replace(text, m[0], "```graphql\n"+query+"\n```\n\n```json\n"+got+"\n```", 1)
					continue
				}
				if !sameJSON(t, shown, got) {
					t.Errorf("%s shows for\n%s\nthe output\n%s\nbut the API answers\n%s\n(run go test . -run TestREADME -update)", doc.name, query, shown, got)
				}
			}
			if *update {
				writeDoc(t, doc.name, text)
			}
		})
	}

	facts := 0
	for _, e := range ds.Entities {
		if e.Type == kg.Fact {
			facts++
		}
	}
	want := fmt.Sprintf("%d entities, %d relationships and %d figures", len(ds.Entities), len(ds.Relationships), facts)
	if got := counts.FindString(readDoc(t, "README.md")); got != want {
		t.Errorf("README.md says %q, the data has %q", got, want)
	}

	var cov bytes.Buffer
	if err := seed.Measure(ds).Write(&cov); err != nil {
		t.Fatal(err)
	}
	text := readDoc(t, coverageDoc)
	cm := coverageBlock.FindStringSubmatch(text)
	if cm == nil {
		t.Fatalf("%s lacks the coverage output", coverageDoc)
	}
	if *update {
		writeDoc(t, coverageDoc, strings.Replace(text, cm[0], cm[1]+cov.String()+cm[3], 1))
		return
	}
	if cm[2] != cov.String() {
		t.Errorf("%s shows an old coverage report; go run . coverage prints:\n%s", coverageDoc, cov.String())
	}
}

func readDoc(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.FromSlash(name))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func writeDoc(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.FromSlash(name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runQuery(t *testing.T, url, query string) string {
	t.Helper()
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var errs struct{ Errors []any }
	if err := json.Unmarshal(raw, &errs); err != nil || len(errs.Errors) > 0 {
		t.Errorf("query\n%s\nfails: %s", query, raw)
	}
	// Indent keeps the order of the fields as the server sent them, which is the query's.
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal([]byte(a), &va); err != nil {
		return false
	}
	if err := json.Unmarshal([]byte(b), &vb); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return bytes.Equal(ja, jb)
}

// flagLine matches a flag's line in the usage that the flag package prints.
var flagLine = regexp.MustCompile(`(?m)^  -([\w-]+)`)

// TestOperationsDocumentsEveryFlag checks that the configuration table of docs/operations.md has
// a row for every flag of the server, so that a new flag cannot be left out of it.
func TestOperationsDocumentsEveryFlag(t *testing.T) {
	var usage bytes.Buffer
	_ = run(t.Context(), []string{"-help"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, &usage)
	flags := flagLine.FindAllStringSubmatch(usage.String(), -1)
	if len(flags) < 10 {
		t.Fatalf("found %d flags in the usage, want at least 10:\n%s", len(flags), usage.String())
	}
	doc := readDoc(t, "docs/operations.md")
	for _, f := range flags {
		if !strings.Contains(doc, "| `-"+f[1]+"` |") {
			t.Errorf("docs/operations.md has no row for -%s", f[1])
		}
	}
}
