package neo4j

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

var update = flag.Bool("update", false, "rewrite the statements in testdata")

// The plans of the load mix's entity page and deep query (bench/mix.go), as package graph makes
// them from their selections, compile to the statements in testdata: a change to the compiler
// shows as a change to these files.
func TestCompilePlan(t *testing.T) {
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
	for file, p := range map[string]kg.Plan{"plan-entity-page.cypher": entityPage, "plan-deep.cypher": deep} {
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
