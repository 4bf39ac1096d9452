package neo4j

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
)

var update = flag.Bool("update", false, "rewrite the statements in testdata")

// The plans of the load mix's entity page and deep query (bench/mix.go), as package graph makes
// them from their selections, compile to the statements in testdata: a change to the compiler
// shows as a change to these files.
func TestCompilePlan(t *testing.T) {
	for file, p := range mixPlans() {
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
	for file, p := range mixPlans() {
		t.Run(file, func(t *testing.T) {
			st, params, err := compilePlan(p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := neo4j.ExecuteQuery(t.Context(), s.driver, "EXPLAIN "+st.text, params,
				neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range res.Summary.Notifications() {
				t.Errorf("notification %s: %s", n.Code(), n.Description())
			}
			ops := operators(res.Summary.Plan())
			for _, op := range ops {
				name := strings.TrimSuffix(op, "@neo4j")
				switch {
				case strings.Contains(name, "AllNodesScan"), strings.Contains(name, "CartesianProduct"):
					t.Errorf("plan has %s: %v", name, ops)
				case strings.Contains(name, "NodeByLabelScan") && p.Entities == nil:
					t.Errorf("plan scans a label where it starts from ids: %v", ops)
				}
			}
		})
	}
}

// mixPlans returns the plans of the entity page and the deep query, by the file that holds
// their statements.
func mixPlans() map[string]kg.Plan {
	name := kg.PropNameEN
	entityPage := kg.Plan{IDs: []string{"fentanyl"}, Node: kg.NodePlan{
		Props: kg.PropName | kg.PropAliases | kg.PropDescriptionEN | kg.PropEvidenceDocument | kg.PropEvidenceSection | kg.PropEvidenceQuote,
		Conns: []kg.ConnPlan{{
			Name:     "relationships",
			Query:    kg.RelQuery{Direction: kg.Both, Page: kg.Page{Limit: 20, WantTotal: true}},
			Evidence: kg.PropEvidenceSection | kg.PropEvidenceQuote,
			Other:    &kg.NodePlan{Props: name},
		}},
	}}
	org, init := []kg.EntityType{kg.Organization}, []kg.EntityType{kg.Initiative}
	page := kg.Page{Limit: 20}
	deep := kg.Plan{Entities: &kg.EntityQuery{Types: org, OrderBy: kg.OrderByID, Page: kg.Page{Limit: 10}}, Node: kg.NodePlan{
		Props: name,
		Conns: []kg.ConnPlan{
			{Name: "runs", Owners: org, Query: kg.RelQuery{Types: []kg.RelationshipType{"RUNS"}, Direction: kg.Outgoing, Page: page}, Other: &kg.NodePlan{
				Props: name,
				Conns: []kg.ConnPlan{
					{Name: "targets", Owners: init, Query: kg.RelQuery{Types: []kg.RelationshipType{"TARGETS"}, Direction: kg.Outgoing, Page: page},
						Evidence: kg.PropEvidenceQuote, Other: &kg.NodePlan{Props: name}},
					{Name: "participants", Owners: init, Query: kg.RelQuery{Types: []kg.RelationshipType{"PARTICIPATES_IN"}, Direction: kg.Incoming, Page: kg.Page{Limit: 5, WantTotal: true}},
						Other: &kg.NodePlan{Props: name}},
				},
			}},
			{Name: "partners", Owners: org, Query: kg.RelQuery{Types: []kg.RelationshipType{"PARTNERS_WITH"}, Direction: kg.Both, Page: page}, Other: &kg.NodePlan{Props: name}},
		},
	}}
	return map[string]kg.Plan{"plan-entity-page.cypher": entityPage, "plan-deep.cypher": deep}
}
