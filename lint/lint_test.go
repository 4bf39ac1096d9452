// Package lint holds the Cypher linter of the project (lint-cypher.mjs, run with Node.js on Neo4j's
// own @neo4j-cypher/language-support) and the test that runs it. The pinned packages are installed
// by `cd lint && npm ci`; without them the test skips, or fails in CI, as every Node.js test does
// (testenv.NodeModules).
package lint

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/internal/testenv"
)

// linter returns the command that runs lint-cypher.mjs on files. Without Node.js or the installed
// packages the test is skipped, except in CI (CI set), where it fails.
func linter(t *testing.T, files ...string) *exec.Cmd {
	t.Helper()
	node := testenv.Node(t, "lint the Cypher")
	testenv.NodeModules(t, ".", "lint", "@neo4j-cypher/language-support", "lint the Cypher")
	return exec.Command(node, append([]string{"lint-cypher.mjs"}, files...)...)
}

func TestLinterRejects(t *testing.T) {
	tests := map[string]struct {
		cypher string
		want   string // in the output, after file:line:
	}{
		"SyntaxError":       {"RETURN 1;\nMATCH (n:Entity RETURN n;\n", ":2:"},
		"UndefinedVariable": {"// a comment\nMATCH (n:Entity)\nRETURN m;\n", ":3:8: error: Variable `m` not defined"},
		"UnknownProperty":   {"MATCH (n:Entity) RETURN n.nameDe;\n", ":1:27: warning: nameDe is not present in the database"},
		"UnknownLabel":      {"MATCH (n:Entitiy) RETURN n;\n", ":1:10: warning: Label Entitiy is not present"},
		"UnknownFunction":   {"RETURN fold('a');\n", ":1:8: error: Function fold is not present"},
	}
	dir := t.TempDir()
	var files []string
	for name, tt := range tests {
		file := filepath.Join(dir, name+".cypher")
		if err := os.WriteFile(file, []byte(tt.cypher), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	// One run for all the files: starting the linter takes seconds.
	out, err := linter(t, files...).CombinedOutput()
	if err == nil {
		t.Fatalf("linter passed broken statements:\n%s", out)
	}
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("linter did not run: %v\n%s", err, out)
	}
	for name, tt := range tests {
		found := false
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, name+".cypher"+tt.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no line with %s.cypher%s in:\n%s", name, name, tt.want, out)
		}
	}
}

// TestCypher lints every statement of seed/*.cypher, neo4j/*.cypher and neo4j/testdata/*.cypher (the
// statements compiled from the plans of the load mix). It takes a few minutes:
// the linter needs about a tenth of a second per statement.
func TestCypher(t *testing.T) {
	cmd := linter(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("lint-cypher: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
