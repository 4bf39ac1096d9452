package neo4j

import (
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/kg"
)

func allStatements() []statement {
	return append(readStatements(),
		stmtReset, stmtSeedEntities, stmtSeedRelationships, stmtSeedPruneEntities, stmtSeedPruneEntitiesAfter,
		stmtSeedPruneRelationships, stmtSeedVersion, stmtSeedDeleteEntities, stmtSeedDeleteRels)
}

// readStatements returns every statement that only reads, the shortest paths with each bound.
func readStatements() []statement {
	return append([]statement{
		stmtPing, stmtVersion, stmtEntitiesByID, stmtEntities, stmtEntitiesID, stmtEntitiesCount, stmtEntitiesUnits, stmtRelationships,
		stmtSearch, stmtSearchAll, stmtNeighbors, stmtNeighborLevel, stmtStats, stmtSeedCheck, stmtFulltextShow,
		stmtSeedEntityPage, stmtFacets, stmtRelationshipCounts, stmtFacts,
	}, append(append(stmtShortestPath[1:], stmtShortestPathTyped[1:]...), hubStatements()...)...)
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
		if name, _, written := strings.Cut(st.name, " ("); !written || !slices.Contains(used, name) {
			used = append(used, name)
		}
	}
	if diff := cmp.Diff(names, used, sortStrings); diff != "" {
		t.Errorf("embedded files (-) and statements the store uses (+):\n%s", diff)
	}
}

func TestStatementParams(t *testing.T) {
	want := map[string][]string{
		"ping.cypher":                      nil,
		"version.cypher":                   {"id"},
		"entities-by-id.cypher":            {"ids"},
		"entities.cypher":                  {"categories", "degreeExcludes", "descending", "limit", "numberLast", "offset", "orderBy", "types"},
		"entities-id.cypher":               {"categories", "limit", "offset", "types"},
		"entities-count.cypher":            {"categories", "types"},
		"relationships.cypher":             {"direction", "ids", "limit", "offset", "otherTypes", "types"},
		"search.cypher":                    {"excludeTypes", "index", "limit", "options", "query", "types"},
		"search-all.cypher":                {"excludeTypes", "limit", "types"},
		"neighbors.cypher":                 {"ids", "types"},
		"neighbor-level.cypher":            {"centre", "hubDegree", "ids", "kept", "lightNodes", "lightRels", "room", "types"},
		"hub-degrees.cypher":               {"id"},
		"hub-expand.cypher":                {"after", "excluded", "id", "need"},
		"hub-scan.cypher":                  {"after", "excluded", "id", "window"},
		"hub-hops.cypher":                  {"id", "lightNodes", "lightRels", "new", "targets", "types"},
		"shortest-path.cypher":             {"evidence", "from", "lightNodes", "project", "to"},
		"shortest-path-typed.cypher":       {"evidence", "from", "lightNodes", "project", "to", "types"},
		"stats.cypher":                     nil,
		"reset.cypher":                     {"batch"},
		"seed-check.cypher":                {"id"},
		"fulltext-show.cypher":             {"name"},
		"seed-entities.cypher":             {"rows"},
		"seed-relationships.cypher":        {"rows"},
		"seed-prune-entities.cypher":       {"after", "ids", "upTo"},
		"seed-prune-entities-after.cypher": {"after"},
		"seed-prune-relationships.cypher":  {"after", "keys", "upTo"},
		"seed-version.cypher":              {"entities", "id", "relationships", "version"},
		"seed-entity-page.cypher":          {"after", "limit"},
		"seed-delete-entities.cypher":      {"ids"},
		"seed-delete-relationships.cypher": {"keys"},
		"facets.cypher":                    nil,
		"relationship-counts.cypher":       {"ids"},
		"entities-units.cypher":            {"categories", "types"},
		"facts.cypher":                     {"about", "descending", "kinds", "limit", "measures", "offset", "orderBy", "period", "qualifiers", "sessions", "units"},
	}
	for _, st := range allStatements() {
		name, _, _ := strings.Cut(st.name, " (")
		if diff := cmp.Diff(want[name], st.params); diff != "" {
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

// TestShortestPathBound checks that each shortest-path statement searches exactly up to its bound.
func TestShortestPathBound(t *testing.T) {
	for _, sts := range [][]statement{stmtShortestPath, stmtShortestPathTyped} {
		for n := 1; n <= kg.MaxHops; n++ {
			m := regexp.MustCompile(`\[\*\.\.(\d+)\]`).FindAllStringSubmatch(sts[n].text, -1)
			if len(m) != 1 {
				t.Fatalf("%s has %d bounded patterns, want 1", sts[n].name, len(m))
			}
			if got, _ := strconv.Atoi(m[0][1]); got != n {
				t.Errorf("%s searches up to %d hops, want %d", sts[n].name, got, n)
			}
		}
	}
}
