package neo4j

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
)

// filterSample is a filter with a clause of every kind: fields of every sort, each quantifier, a
// count, evidence, AND, OR and NOT, nested two levels.
var filterSample = &kg.Filter{
	Fields: []kg.FieldFilter{
		{Field: kg.FieldType, Op: kg.OpIn, Values: []string{"Organization", "Initiative"}},
		{Field: kg.FieldName, Op: kg.OpContains, Values: []string{"Police"}},
		{Field: kg.FieldStartDate, Op: kg.OpGte, Values: []string{"2018"}},
		{Field: kg.FieldCountry, Op: kg.OpEq, Values: []string{"canada"}},
	},
	Rels: []kg.RelFilter{
		{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"RUNS", "PARTICIPATES_IN"}, Direction: kg.Outgoing, Evidence: kg.EvidenceQuote,
			Where: &kg.Filter{Rels: []kg.RelFilter{{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"TARGETS"}, Direction: kg.Outgoing,
				Where: &kg.Filter{Fields: []kg.FieldFilter{{Field: kg.FieldType, Op: kg.OpEq, Values: []string{"Substance"}}}}}, Quantifier: kg.Some}}}},
			Quantifier: kg.Some},
		{RelMatch: kg.RelMatch{Direction: kg.Both, Where: &kg.Filter{Fields: []kg.FieldFilter{{Field: kg.FieldValue, Op: kg.OpGt, Numbers: []float64{10}}}}}, Quantifier: kg.All},
		{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"PART_OF"}, Direction: kg.Outgoing, Where: &kg.Filter{}}, Quantifier: kg.Single},
		{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"OPERATES_IN"}, Direction: kg.Incoming, Evidence: kg.EvidenceReference}, Quantifier: kg.None},
	},
	Counts: []kg.CountFilter{{RelMatch: kg.RelMatch{Types: []kg.RelationshipType{"PRESENTED_AT"}, Direction: kg.Outgoing}, Op: kg.OpGt, N: 1}},
	Or: []kg.Filter{
		{Fields: []kg.FieldFilter{{Field: kg.FieldNumber, Op: kg.OpIn, Numbers: []float64{1, 2}}}},
		{Not: &kg.Filter{Fields: []kg.FieldFilter{{Field: kg.FieldCategory, Op: kg.OpStartsWith, Values: []string{"rcmp"}}}}},
	},
}

// compiledSample returns the entity page statement filtered by filterSample, and its parameters.
func compiledSample(t *testing.T) (statement, map[string]any) {
	t.Helper()
	if err := kg.CheckFilter(filterSample); err != nil {
		t.Fatal(err)
	}
	params := map[string]any{"types": []string{}, "categories": []string{}, "orderBy": "nameEn", "descending": false,
		"numberLast": int64(kg.NumberLast), "degreeExcludes": []string{}, "offset": int64(0), "limit": int64(10)}
	st, err := withFilter(stmtEntities, anchorEntities, "n", filterSample, params)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.check(params); err != nil {
		t.Fatal(err)
	}
	return st, params
}

// The filter compiles to the statement in testdata/filter-entities.cypher, which the Cypher
// linter reads too: a change to the compiler shows as a change to that file.
func TestCompileFilter(t *testing.T) {
	st, _ := compiledSample(t)
	path := filepath.Join("testdata", "filter-entities.cypher")
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
		t.Errorf("the filtered statement changed (go test ./neo4j/ -run TestCompileFilter -update to accept):\n%s", st.text)
	}
}

// The filtered statement passes EXPLAIN on the seeded database without a notification, and runs.
func TestExplainFilter(t *testing.T) {
	s := seededStore(t)
	st, params := compiledSample(t)
	res, err := neo4j.ExecuteQuery(t.Context(), s.driver, "EXPLAIN "+st.text, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Summary.Notifications() {
		t.Errorf("notification %s: %s", n.Code(), n.Description())
	}
}
