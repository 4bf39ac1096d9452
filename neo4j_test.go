package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest"
)

func TestMain(m *testing.M) { os.Exit(neo4jtest.Main(m)) }

// TestSeedAndCypherCommands runs the seed and cypher commands as a user would, on a real Neo4j:
// a seed with -reset, a second seed that writes nothing and says so, committed scripts run by the
// cypher command, and a seed after them that finds nothing to change either.
func TestSeedAndCypherCommands(t *testing.T) {
	srv := neo4jtest.Shared(t)
	getenv := env(map[string]string{"NEO4J_URI": srv.URI, "NEO4J_USERNAME": srv.Username, "NEO4J_PASSWORD": srv.Password, "NEO4J_DATABASE": srv.Database})
	cmd := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(t.Context(), args, getenv, strings.NewReader(""), &out, io.Discard); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		t.Logf("%v:\n%s", args, out.String())
		return out.String()
	}

	cmd("seed", "-reset", "-yes")
	if out := cmd("seed"); !strings.Contains(out, "0 changes: the database held this data already") || strings.Contains(out, "properties set") {
		t.Errorf("a second seed wrote something:\n%s", out)
	}

	// The schema and version scripts: the neo4j package's tests run all four, which take a minute
	// more, and compare the graph they make with the seed's.
	scripts := []string{filepath.Join("seed", "01-schema.cypher"), filepath.Join("seed", "04-version.cypher")}
	out := cmd(append([]string{"cypher"}, scripts...)...)
	for _, s := range scripts {
		if !strings.Contains(out, s+": ") {
			t.Errorf("the cypher command does not report %s:\n%s", s, out)
		}
	}
	if strings.Contains(out, "Config{") || strings.Contains(out, srv.Password) {
		t.Errorf("the cypher command prints a Go struct or the password:\n%s", out)
	}
	if out := cmd("seed"); !strings.Contains(out, "0 changes: the database held this data already") {
		t.Errorf("a seed after the scripts changed something: the scripts and the seed disagree:\n%s", out)
	}
}
