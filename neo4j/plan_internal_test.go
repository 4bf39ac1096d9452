package neo4j

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

var update = flag.Bool("update", false, "rewrite the statements in testdata")

// The plans of the load mix's entity page and deep query (bench/mix.go), as package graph makes
// them from their selections, compile to the statements in testdata: a change to the planner or
// to the compiler shows as a change to these files.
func TestCompilePlan(t *testing.T) {
	for file, p := range mixPlans(t) {
		t.Run(file, func(t *testing.T) {
			st, params, err := compilePlan(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.check(params); err != nil {
				t.Error(err)
			}
			path := filepath.Join("testdata", file)
			if *update {
				if err := os.WriteFile(path, []byte(st.text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.text+"\n" != string(want) {
				t.Errorf("the statement of %s changed (go test ./neo4j/ -run TestCompilePlan -update to accept):\n%s", file, st.text)
			}
		})
	}
}

// The compiled statements of the mix pass EXPLAIN on the seeded database as the store's own
// statements do (TestExplain): no notification, no scan of all nodes, no cartesian product, and
// a label scan only where a page of all entities starts.
func TestExplainPlans(t *testing.T) {
	s := seededStore(t)
	for file, p := range mixPlans(t) {
		t.Run(file, func(t *testing.T) {
			st, params, err := compilePlan(p)
			if err != nil {
				t.Fatal(err)
			}
			checkExplain(t, s, st.text, params, p.Entities != nil)
		})
	}
}

// mixPlans returns the plans of the entity page and the deep query of the load mix, as package
// graph records them from their selections (graph/testdata/plans, TestMixPlans), by the file
// of testdata that holds their statements.
func mixPlans(t testing.TB) map[string]kg.Plan {
	t.Helper()
	out := map[string]kg.Plan{}
	for plan, statement := range map[string]string{"entity-page.json": "plan-entity-page.cypher", "deep.json": "plan-deep.cypher"} {
		data, err := os.ReadFile(filepath.Join("..", "graph", "testdata", "plans", plan))
		if err != nil {
			t.Fatal(err)
		}
		var p kg.Plan
		if err := json.Unmarshal(data, &p); err != nil {
			t.Fatalf("%s: %v", plan, err)
		}
		out[statement] = p
	}
	return out
}
