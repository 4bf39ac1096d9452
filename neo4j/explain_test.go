package neo4j

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest"
	"github.com/drugwatch/roundtable-kg/seed"
)

var seeded struct {
	once sync.Once
	s    *Store
	err  error
}

// seededStore opens a store on the test server and seeds it once per test binary run of the
// tests of this file. The external tests seed again as they need.
func seededStore(t testing.TB) *Store {
	t.Helper()
	srv := neo4jtest.Shared(t)
	seeded.once.Do(func() {
		ctx := context.Background()
		cfg := Config{URI: srv.URI, Username: srv.Username, Password: srv.Password, Database: srv.Database}
		if seeded.s, seeded.err = Open(ctx, cfg); seeded.err != nil {
			return
		}
		ds, err := seed.Load()
		if err != nil {
			seeded.err = err
			return
		}
		seeded.err = seeded.s.Seed(ctx, ds, SeedOptions{Reset: true}, nil)
	})
	if seeded.err != nil {
		t.Fatal(seeded.err)
	}
	return seeded.s
}

// sampleParams gives each read statement parameters of the shapes the store passes.
func sampleParams(st statement) map[string]any {
	all := map[string]any{
		"id": GraphMetaID, "ids": []string{"winnipeg", "j-code"}, "name": FulltextIndex,
		"types": []string{}, "categories": []string{}, "otherTypes": []string{},
		"orderBy": "nameEn", "descending": false, "numberLast": int64(kg.NumberLast), "degreeExcludes": []string{}, "offset": int64(0), "limit": int64(21),
		"direction": "BOTH", "index": FulltextIndex, "query": "riverbank*",
		"from": "canada", "to": "winnipeg-2019-plenary-2", "batch": int64(10), "after": "",
		"about": []string{"methamphetamine"}, "excludeTypes": []string{}, "options": map[string]any{"limit": int64(1001)}, "centre": "winnipeg", "kept": []string{"winnipeg", "j-code"}, "room": int64(10), "units": []string{}, "kinds": []string{"amount"}, "sessions": []string{}, "period": "",
		"qualifiers": []string{}, "measures": []string{"seizures"},
		"project": true, "lightNodes": true, "evidence": []string{"evidenceQuotes", "evidenceQuotesEn"},
		"hubDegree": int64(HubDegree), "excluded": []string{"winnipeg"}, "need": int64(11), "window": int64(64),
		"targets": []string{"winnipeg", "j-code"}, "new": []string{"j-code"},
	}
	if strings.HasPrefix(st.name, "shortest-path-typed") {
		all["types"] = []string{"FOLLOWS"}
	}
	out := map[string]any{}
	for _, p := range st.params {
		out[p] = all[p]
	}
	return out
}

// labelScans names the read statements that scan every :Entity node on purpose, and why. Any
// other scan of a label or of all nodes fails the test.
var labelScans = map[string]string{
	"entities.cypher":       "a page of all entities, filtered by type and category, sorted: every entity is a candidate",
	"entities-count.cypher": "counts every entity that the filters select",
	"entities-units.cypher": "the units of every figure that the filters select",
	"search-all.cypher":     "a search with no term the index can look up: every entity of the types is a candidate",
	"stats.cypher":          "counts every entity and relationship",
	"seed-check.cypher":     "counts every entity and relationship after a seed",
	"facets.cypher":         "counts every entity by type and category",
}

// operators returns the names of every operator of a plan.
func operators(p neo4j.Plan) []string {
	if p == nil {
		return nil
	}
	out := []string{p.Operator()}
	for _, c := range p.Children() {
		out = append(out, operators(c)...)
	}
	return out
}

// TestExplain runs every read statement through EXPLAIN on the seeded database: Neo4j must raise
// no notification (deprecation, cartesian product, unbounded pattern, missing index, ...), and no
// plan may scan all nodes, or scan a label where the statement has an id or an index to start
// from.
func TestExplain(t *testing.T) {
	s := seededStore(t)
	for _, st := range readStatements() {
		t.Run(st.name, func(t *testing.T) {
			_, labelScan := labelScans[st.name]
			checkExplain(t, s, st.text, sampleParams(st), labelScan)
		})
	}
}

// checkExplain runs a statement through EXPLAIN on the store's database and fails the test for
// every notification Neo4j raises, for a plan that scans all nodes or makes a cartesian product,
// and, unless labelScan, for a plan that scans a label.
func checkExplain(t *testing.T, s *Store, text string, params map[string]any, labelScan bool) {
	t.Helper()
	res, err := neo4j.ExecuteQuery(t.Context(), s.driver, "EXPLAIN "+text, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Summary.Notifications() {
		if unusedVocabularyType(t, n) {
			continue
		}
		t.Errorf("notification %s: %s", n.Code(), n.Description())
	}
	ops := operators(res.Summary.Plan())
	if len(ops) == 0 {
		t.Fatal("no plan")
	}
	for _, op := range ops {
		name := strings.TrimSuffix(op, "@neo4j")
		switch {
		case strings.Contains(name, "AllNodesScan"), strings.Contains(name, "CartesianProduct"):
			t.Errorf("plan has %s: %v", name, ops)
		case strings.Contains(name, "NodeByLabelScan") && !labelScan:
			t.Errorf("plan scans a label where it could start from an id or an index: %v", ops)
		}
	}
}

// dbHits adds up the database hits of a profiled plan.
func dbHits(p neo4j.ProfiledPlan) int64 {
	if p == nil {
		return 0
	}
	n := p.DbHits()
	for _, c := range p.Children() {
		n += dbHits(c)
	}
	return n
}

// TestShortestPathWithoutPathIsBounded asks for typed paths that do not exist. A predicate that
// Neo4j cannot apply during its shortest-path search makes it fall back to enumerating every path
// (millions on the seed graph for canada to a session over FOLLOWS); the database hits that the
// profile counts show which search ran, without depending on the machine's speed.
func TestShortestPathWithoutPathIsBounded(t *testing.T) {
	s := seededStore(t)
	const budget = 200_000 // the bounded search needs a few thousand; the fallback, millions
	cases := []struct {
		from, to string
		types    []kg.RelationshipType
		hops     int
	}{
		{"canada", "winnipeg-2019-plenary-2", []kg.RelationshipType{"FOLLOWS"}, kg.MaxHops},
		{"hells-angels", "carfentanil", []kg.RelationshipType{"SUBCLASS_OF", "FOLLOWS"}, kg.MaxHops},
		{"j-code", "winnipeg", []kg.RelationshipType{"PARTNERS_WITH"}, 3},
	}
	for _, c := range cases {
		t.Run(c.from+"-"+c.to, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			st := stmtShortestPathTyped[c.hops]
			res, err := neo4j.ExecuteQuery(ctx, s.driver, "PROFILE "+st.text,
				map[string]any{"from": c.from, "to": c.to, "types": kg.RelationshipTypeNames(c.types), "project": false, "lightNodes": false, "evidence": []string{}},
				neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Records) != 1 {
				t.Fatalf("%d rows, want 1", len(res.Records))
			}
			if p, _ := res.Records[0].Get("path"); p != nil {
				t.Fatalf("found a path %v; the case must have none", p)
			}
			if hits := dbHits(res.Summary.Profile()); hits > budget {
				t.Errorf("%d database hits, want at most %d: the search enumerated paths", hits, budget)
			} else {
				t.Logf("%d database hits", hits)
			}
			// And through the store, as a request would.
			p, err := s.ShortestPath(ctx, c.from, c.to, kg.PathQuery{MaxHops: c.hops, Types: c.types})
			if err != nil || p != nil {
				t.Errorf("ShortestPath = %v, %v; want no path", p, err)
			}
		})
	}
}

// TestShortestPathHonoursMaxHops checks that the bound of the request is the bound of the search:
// a path of length n is found with maxHops n and not with n-1.
func TestShortestPathHonoursMaxHops(t *testing.T) {
	s := seededStore(t)
	ctx := t.Context()
	pairs := [][2]string{{"hells-angels", "canada-border-services-agency"}, {"j-code", "winnipeg"}, {"carfentanil", "opioids"}}
	tested := 0
	for _, pair := range pairs {
		p, err := s.ShortestPath(ctx, pair[0], pair[1], kg.PathQuery{MaxHops: kg.MaxHops})
		if err != nil || p == nil {
			t.Fatalf("ShortestPath(%s, %s) = %v, %v", pair[0], pair[1], p, err)
		}
		n := len(p.Relationships)
		if n < 2 {
			continue
		}
		tested++
		for hops, want := range map[int]bool{n: true, n - 1: false} {
			p, err := s.ShortestPath(ctx, pair[0], pair[1], kg.PathQuery{MaxHops: hops})
			if err != nil || (p != nil) != want {
				t.Errorf("%s to %s, maxHops %d: path %v, err %v; want found = %v", pair[0], pair[1], hops, p, err, want)
			}
		}
	}
	if tested == 0 {
		t.Fatal("no pair with a path of 2 hops or more: the test proves nothing")
	}
}

// unusedVocabularyType reports whether n only says that the database holds no relationship of a
// type that is in the vocabulary but not in the seed data. The hub path's statements are written
// out for every type of the vocabulary (hubStatements), and Neo4j warns of a type it has never
// held, which depends on what the tests before wrote into the database, not on the statement.
func unusedVocabularyType(t *testing.T, n neo4j.Notification) bool {
	const prefix = "the missing relationship type is: "
	if n.Code() != "Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning" {
		return false
	}
	_, rest, ok := strings.Cut(n.Description(), prefix)
	if !ok {
		return false
	}
	name, _, _ := strings.Cut(rest, ")")
	typ := kg.RelationshipType(name)
	if _, ok := kg.LookupRelType(typ); !ok {
		return false
	}
	held, err := seedTypes()
	if err != nil {
		t.Fatal(err)
	}
	return !held[typ]
}

// seedTypes returns the relationship types the seed data holds, loading it once.
var seedTypes = sync.OnceValues(func() (map[kg.RelationshipType]bool, error) {
	ds, err := seed.Load()
	if err != nil {
		return nil, err
	}
	held := map[kg.RelationshipType]bool{}
	for _, r := range ds.Relationships {
		held[r.Type] = true
	}
	return held, nil
})
