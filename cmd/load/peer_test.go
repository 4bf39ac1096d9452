package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/internal/testenv"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed"
)

// peerDir is the Node peer, from this package's directory.
const peerDir = "../../bench/peer"

// runPeerCheck runs the peer's check.mjs in mode with in as its JSON input and decodes its output
// into out. Without Node.js or the peer's packages the test is skipped, except in CI (CI set),
// where it fails.
func runPeerCheck(t *testing.T, mode string, env []string, in, out any) {
	t.Helper()
	node := testenv.Node(t, "check the peer's search")
	testenv.NodeModules(t, peerDir, "bench/peer", "snowball-stemmers", "check the peer's search")
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "check.mjs", mode)
	cmd.Dir = peerDir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = bytes.NewReader(raw)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("node check.mjs %s: %v\n%s", mode, err, stderr.String())
	}
	if err := json.Unmarshal(got, out); err != nil {
		t.Fatalf("node check.mjs %s: %v", mode, err)
	}
}

// seedTexts returns every searchable text of the seed graph.
func seedTexts(t *testing.T) (*seed.Dataset, []string) {
	t.Helper()
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range ds.Entities {
		texts = append(texts, e.Name.FR, e.Name.EN, e.Description.FR, e.Description.EN, e.Statement.FR, e.Statement.EN)
		texts = append(texts, e.Aliases...)
	}
	return ds, texts
}

// words returns the distinct words of texts as search stems them: lower case, accents kept.
func words(texts []string) []string {
	var out []string
	for _, s := range texts {
		out = append(out, strings.FieldsFunc(strings.ToLower(norm.NFC.String(s)), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
		})...)
		out = append(out, strings.Fields(kg.Fold(s))...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestPeerStems checks that the peer's Snowball stemmers (the npm package snowball-stemmers) give
// kg.Stem's stems, in English and in French, for every word of the seed graph.
func TestPeerStems(t *testing.T) {
	_, texts := seedTexts(t)
	ws := words(texts)
	var got [][2]string
	runPeerCheck(t, "stems", nil, ws, &got)
	if len(got) != len(ws) {
		t.Fatalf("the peer stemmed %d words of %d", len(got), len(ws))
	}
	differ := 0
	for i, w := range ws {
		want := [2]string{kg.Stem(kg.EN, w), kg.Stem(kg.FR, w)}
		if got[i] != want {
			differ++
			t.Errorf("stems of %q: peer %q, kg %q", w, got[i], want)
		}
	}
	t.Logf("%d words, %d stemmed differently", len(ws), differ)
}

type peerHit struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
	Field string  `json:"field"`
	Lang  string  `json:"lang"`
}

type peerResult struct {
	Total int       `json:"total"`
	Hits  []peerHit `json:"hits"`
}

// TestPeerSearch checks that the peer's search ranks as the embedded store's does: the same hits,
// scores, fields and languages, in the same order, and the same total, for the load mix's texts,
// every word of the seed graph, and every name and alias.
func TestPeerSearch(t *testing.T) {
	ds, texts := seedTexts(t)
	queries := slices.Concat(bench.Searches, words(texts))
	for _, e := range ds.Entities {
		queries = append(queries, e.Name.FR, e.Name.EN)
		queries = append(queries, e.Aliases...)
	}
	queries = slices.DeleteFunc(queries, func(q string) bool { return kg.Fold(q) == "" || len(q) > 200 })

	graphFile := filepath.Join(t.TempDir(), "graph.json")
	if err := writeJSON(graphFile, exportGraph(ds.Entities, ds.Relationships)); err != nil {
		t.Fatal(err)
	}
	var got []peerResult
	runPeerCheck(t, "search", []string{"GRAPH=" + graphFile}, queries, &got)
	if len(got) != len(queries) {
		t.Fatalf("the peer answered %d searches of %d", len(got), len(queries))
	}

	s, err := memory.New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		t.Fatal(err)
	}
	differ := 0
	for i, q := range queries {
		page, err := s.Search(context.Background(), kg.SearchQuery{Text: q, Page: kg.Page{Limit: kg.MaxPageSize}})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		want := peerResult{Total: page.Total, Hits: []peerHit{}}
		for _, h := range page.Hits {
			want.Hits = append(want.Hits, peerHit{ID: h.Entity.ID, Score: h.Score, Field: h.Field, Lang: strings.ToUpper(string(h.Language))})
		}
		if diff := cmp.Diff(want, got[i]); diff != "" {
			differ++
			if differ <= 5 {
				t.Errorf("search %q: kg → peer (-+):\n%s", q, diff)
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d searches differ", differ, len(queries))
	}
	t.Logf("%d searches compared", len(queries))
}
