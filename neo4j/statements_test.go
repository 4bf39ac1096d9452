package neo4j

import (
	"io/fs"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
)

func allStatements() []statement {
	return []statement{
		stmtPing, stmtVersion, stmtEntitiesByID, stmtEntities, stmtEntitiesCount, stmtRelationships,
		stmtSearch, stmtSearchAll, stmtNeighbors, stmtShortestPath, stmtStats, stmtReset, stmtSeedCheck,
		stmtFacets, stmtRelationshipCounts, stmtFacts,
	}
}

// TestEveryFileIsUsed keeps the directory free of statements that the store does not run: every
// .cypher file is linted, so each must be live.
func TestEveryFileIsUsed(t *testing.T) {
	names, err := fs.Glob(files, "*.cypher")
	if err != nil {
		t.Fatal(err)
	}
	var used []string
	for _, st := range allStatements() {
		used = append(used, st.name)
	}
	if diff := cmp.Diff(names, used, sortStrings); diff != "" {
		t.Errorf("embedded files (-) and statements the store uses (+):\n%s", diff)
	}
}

func TestStatementParams(t *testing.T) {
	want := map[string][]string{
		"ping.cypher":                nil,
		"version.cypher":             {"id"},
		"entities-by-id.cypher":      {"ids"},
		"entities.cypher":            {"categories", "descending", "limit", "offset", "orderBy", "types"},
		"entities-count.cypher":      {"categories", "types"},
		"relationships.cypher":       {"direction", "ids", "limit", "offset", "otherTypes", "types"},
		"search.cypher":              {"index", "query", "types"},
		"search-all.cypher":          {"types"},
		"neighbors.cypher":           {"ids", "types"},
		"shortest-path.cypher":       {"from", "maxHops", "to", "types"},
		"stats.cypher":               nil,
		"reset.cypher":               {"batch"},
		"seed-check.cypher":          {"id"},
		"facets.cypher":              nil,
		"relationship-counts.cypher": {"ids"},
		"facts.cypher":               {"about", "descending", "limit", "offset", "orderBy", "period", "sessions", "units"},
	}
	for _, st := range allStatements() {
		if diff := cmp.Diff(want[st.name], st.params); diff != "" {
			t.Errorf("%s parameters (-want +got):\n%s", st.name, diff)
		}
	}
	if err := stmtVersion.check(map[string]any{"id": "graph"}); err != nil {
		t.Error(err)
	}
	for name, params := range map[string]map[string]any{
		"Missing": {},
		"Extra":   {"id": "graph", "other": 1},
	} {
		if err := stmtVersion.check(params); err == nil {
			t.Errorf("%s: check accepted %v", name, params)
		}
	}
}

// TestShortestPathBound checks that the hop bound written in shortest-path.cypher, which Cypher
// cannot take as a parameter, is the largest a request may give.
func TestShortestPathBound(t *testing.T) {
	m := regexp.MustCompile(`\[\*\.\.(\d+)\]`).FindAllStringSubmatch(stmtShortestPath.text, -1)
	if len(m) != 1 {
		t.Fatalf("shortest-path.cypher has %d bounded patterns, want 1", len(m))
	}
	if n, _ := strconv.Atoi(m[0][1]); n != kg.MaxHops {
		t.Errorf("shortest-path.cypher searches up to %d hops, kg.MaxHops is %d", n, kg.MaxHops)
	}
}
