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
	"regexp"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/web"
)

var update = flag.Bool("update", false, "rewrite the outputs shown in README.md")

// exampleBlocks matches a GraphQL block followed by the JSON block that shows its output.
var exampleBlocks = regexp.MustCompile("(?s)```graphql\n(.*?)\n```\n\n```json\n(.*?)\n```")

// counts matches the sentence of README.md that sums up the graph.
var counts = regexp.MustCompile(`(\d+) entities, (\d+) relationships and (\d+) figures`)

// coverageBlock matches the coverage output shown in README.md.
var coverageBlock = regexp.MustCompile("(?s)(Its current output:\n\n```text\n)(.*?)(```)")

// TestREADME checks that every example query of README.md gives the output shown under it, over
// the real HTTP handler on the embedded graph, and that the coverage report shown is current.
func TestREADME(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	store, ds, err := memory.Seeded()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()

	readme := string(raw)
	matches := exampleBlocks.FindAllStringSubmatch(readme, -1)
	if len(matches) < 5 {
		t.Fatalf("README.md shows %d example queries, want at least 5", len(matches))
	}
	for _, m := range matches {
		query, shown := m[1], m[2]
		got := runQuery(t, srv.URL, query)
		if *update {
			readme = strings.Replace(readme, m[0], "```graphql\n"+query+"\n```\n\n```json\n"+got+"\n```", 1)
			continue
		}
		if !sameJSON(t, shown, got) {
			t.Errorf("README.md shows for\n%s\nthe output\n%s\nbut the API answers\n%s\n(run go test . -run TestREADME -update)", query, shown, got)
		}
	}

	facts := 0
	for _, e := range ds.Entities {
		if e.Type == kg.Fact {
			facts++
		}
	}
	want := fmt.Sprintf("%d entities, %d relationships and %d figures", len(ds.Entities), len(ds.Relationships), facts)
	if got := counts.FindString(readme); got != want {
		t.Errorf("README.md says %q, the data has %q", got, want)
	}

	var cov bytes.Buffer
	if err := seed.Measure(ds).Write(&cov); err != nil {
		t.Fatal(err)
	}
	cm := coverageBlock.FindStringSubmatch(readme)
	if cm == nil {
		t.Fatal("README.md lacks the coverage output")
	}
	if *update {
		readme = strings.Replace(readme, cm[0], cm[1]+cov.String()+cm[3], 1)
		if err := os.WriteFile("README.md", []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if cm[2] != cov.String() {
		t.Errorf("README.md shows an old coverage report; go run . coverage prints:\n%s", cov.String())
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
