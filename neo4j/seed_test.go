package neo4j_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest"
	"github.com/drugwatch/roundtable-kg/seed"
)

// rawDriver opens a driver on the test database, for what the store does not do: running the
// committed scripts, reading the whole database back, changing the schema behind its back.
func rawDriver(tb testing.TB) (driver.DriverWithContext, string) {
	tb.Helper()
	srv := neo4jtest.Shared(tb)
	d, err := driver.NewDriverWithContext(srv.URI, driver.BasicAuth(srv.Username, srv.Password, ""))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close(context.Background()) })
	return d, srv.Database
}

func mustRun(tb testing.TB, d driver.DriverWithContext, db, text string, params map[string]any) []*driver.Record {
	tb.Helper()
	res, err := driver.ExecuteQuery(context.Background(), d, text, params, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(db))
	if err != nil {
		tb.Fatalf("%.80s: %v", text, err)
	}
	return res.Records
}

// dump returns the whole database as text, one line per node (labels and properties) and per
// relationship (ends, type, properties), sorted: two databases with the same dump hold the same graph.
func dump(tb testing.TB, d driver.DriverWithContext, db string) []string {
	tb.Helper()
	var out []string
	for _, rec := range mustRun(tb, d, db, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", nil) {
		labels, _ := rec.Get("labels")
		ls := fmt.Sprint(labels)
		l := strings.Fields(strings.Trim(ls, "[]"))
		slices.Sort(l)
		props, _ := rec.Get("props")
		out = append(out, fmt.Sprintf("node %v %v", l, props))
	}
	for _, rec := range mustRun(tb, d, db, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props", nil) {
		out = append(out, fmt.Sprintf("rel %v-[%v]->%v %v", rec.Values[0], rec.Values[1], rec.Values[2], rec.Values[3]))
	}
	slices.Sort(out)
	return out
}

// TestScriptsMatchSeed runs the committed scripts with RunScript, statement by statement as
// `cypher-shell -f` does, on an empty database, and compares the graph they make with the seed
// command's.
func TestScriptsMatchSeed(t *testing.T) {
	s := MustOpenSeeded(t)
	d, db := rawDriver(t)
	fromSeed := dump(t, d, db)

	mustRun(t, d, db, "MATCH (n) DETACH DELETE n", nil)
	names, err := filepath.Glob(filepath.Join("..", "seed", "*.cypher"))
	if err != nil || len(names) != 4 {
		t.Fatalf("scripts %v, %v; want 4", names, err)
	}
	var log logBuffer
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RunScript(t.Context(), neo4j.Script{Name: name, Text: string(b)}, &log); err != nil {
			t.Fatal(err)
		}
	}
	if !log.contains("02-entities.cypher: 10 statements") || !log.contains("246 nodes created") {
		t.Errorf("RunScript's report does not say what the entities script did:\n%s", log.String())
	}
	fromScripts := dump(t, d, db)
	if diff := cmp.Diff(fromSeed, fromScripts); diff != "" {
		t.Errorf("database after the seed command (-) and after the scripts (+):\n%s", diff)
	}
	if err := s.Ready(t.Context()); err != nil {
		t.Errorf("Ready after the scripts: %v", err)
	}
}

// TestRunScriptStopsAtTheFailingStatement runs a script whose second statement fails: the error
// names the script and the line of that statement, and the first statement stays written.
func TestRunScriptStopsAtTheFailingStatement(t *testing.T) {
	s := MustOpenSeeded(t)
	d, db := rawDriver(t)
	script := neo4j.Script{Name: "broken.cypher", Text: "// a comment\nMERGE (:ScriptTest {id: 1});\n\nRETURN nosuchvariable;\nMERGE (:ScriptTest {id: 2});\n"}
	err := s.RunScript(t.Context(), script, nil)
	if err == nil || !strings.Contains(err.Error(), "broken.cypher:4 (statement 2 of 3") {
		t.Errorf("err = %v, want one naming broken.cypher:4, statement 2 of 3", err)
	}
	recs := mustRun(t, d, db, "MATCH (n:ScriptTest) WITH n.id AS id ORDER BY id RETURN collect(id) AS ids", nil)
	if got := fmt.Sprint(recs[0].Values[0]); got != "[1]" {
		t.Errorf("nodes written = %s, want [1]: the statement before the failure, nothing after", got)
	}
	mustRun(t, d, db, "MATCH (n:ScriptTest) DELETE n", nil)
}

// TestSeedTwiceChangesNothing seeds the data over itself: nothing is written, and the report says so.
func TestSeedTwiceChangesNothing(t *testing.T) {
	s := MustOpenSeeded(t)
	d, db := rawDriver(t)
	before := dump(t, d, db)
	var log logBuffer
	if err := s.Seed(t.Context(), mustDataset(t), neo4j.SeedOptions{}, &log); err != nil {
		t.Fatal(err)
	}
	out := log.String()
	if !strings.Contains(out, "; 0 changes: the database held this data already") {
		t.Errorf("a second seed reports changes:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if !strings.Contains(line, "0 changes") {
			t.Errorf("a step of the second seed changed something: %s", line)
		}
	}
	if diff := cmp.Diff(before, dump(t, d, db)); diff != "" {
		t.Errorf("the second seed changed the graph:\n%s", diff)
	}
}

// olderDataset is the seed data as an older version might have had it: one entity of another type,
// one entity and one relationship that the current data does not have, one entity and one
// relationship missing, and other properties.
func olderDataset(t *testing.T) *seed.Dataset {
	ds := mustDataset(t)
	old := &seed.Dataset{Version: "older", Entities: slices.Clone(ds.Entities)}
	for i := range old.Entities {
		e := &old.Entities[i]
		switch e.ID {
		case "j-code":
			if e.Type == kg.Organization {
				t.Fatalf("j-code is an organization already; pick another entity")
			}
			e.Type = kg.Organization
		case "winnipeg":
			e.Description = kg.Text{FR: "ancienne description", EN: "old description"}
			e.Aliases = append(slices.Clone(e.Aliases), "Old Winnipeg")
		}
	}
	removed := old.Entities[len(old.Entities)-1].ID
	old.Entities = append(old.Entities[:len(old.Entities)-1], kg.Entity{ID: "gone-entity", Type: kg.Place, Name: kg.Text{FR: "Disparu", EN: "Gone"}})
	for _, r := range ds.Relationships {
		if r.From != removed && r.To != removed {
			old.Relationships = append(old.Relationships, r)
		}
	}
	old.Relationships = old.Relationships[1:]
	// Stale entities before the data's first id and after its last, for the scripts' ranges.
	old.Entities = append(old.Entities, kg.Entity{ID: "0-gone", Type: kg.Place, Name: kg.Text{FR: "Avant", EN: "Before"}},
		kg.Entity{ID: "zzz-gone", Type: kg.Place, Name: kg.Text{FR: "Après", EN: "After"}})
	old.Relationships = append(old.Relationships, kg.Relationship{Type: "LOCATED_IN", From: "gone-entity", To: "canada"},
		kg.Relationship{Type: "LOCATED_IN", From: "0-gone", To: "canada"}, kg.Relationship{Type: "LOCATED_IN", From: "zzz-gone", To: "canada"},
		kg.Relationship{Type: "PARTNERS_WITH", From: "j-code", To: "winnipeg"})
	return old
}

// overOlderData returns the seeded store, a driver and database to read it raw, and the dump of
// the current data seeded on an empty database, the graph a test must end with; the store then
// holds the older version of the data (olderDataset) in its place.
func overOlderData(t *testing.T) (*neo4j.Store, driver.DriverWithContext, string, []string) {
	t.Helper()
	s := MustOpenSeeded(t)
	d, db := rawDriver(t)
	want := dump(t, d, db)
	if err := s.Seed(t.Context(), olderDataset(t), neo4j.SeedOptions{Reset: true}, nil); err != nil {
		t.Fatalf("seeding the older data: %v", err)
	}
	return s, d, db, want
}

// TestSeedOlderVersionThenCurrent seeds an older version of the data, then the current one: the
// result must be exactly what seeding the current data on an empty database gives, with no stale
// label on the entity whose type changed.
func TestSeedOlderVersionThenCurrent(t *testing.T) {
	s, d, db, want := overOlderData(t)
	ctx := t.Context()
	if got := dump(t, d, db); slices.Equal(got, want) {
		t.Fatal("the older data seeds the same graph as the current data: the test proves nothing")
	}
	var log logBuffer
	if err := s.Seed(ctx, mustDataset(t), neo4j.SeedOptions{}, &log); err != nil {
		t.Fatalf("seeding the current data over the older: %v\n%s", err, log.String())
	}
	if diff := cmp.Diff(want, dump(t, d, db)); diff != "" {
		t.Errorf("current data over the older (+) differs from the current data alone (-):\n%s", diff)
	}
	recs := mustRun(t, d, db, "MATCH (n:Entity {id: 'j-code'}) RETURN labels(n) AS labels", nil)
	if len(recs) != 1 || fmt.Sprint(recs[0].Values[0]) != "[Entity Initiative]" {
		t.Errorf("j-code labels = %v, want [Entity Initiative]", recs)
	}
}

// TestScriptsPruneOlderVersion runs the current data's scripts, with prune statements of 40 ids
// (several ranges), over an older version of the data: the result must be exactly what seeding
// the current data on an empty database gives.
func TestScriptsPruneOlderVersion(t *testing.T) {
	s, d, db, want := overOlderData(t)
	ctx := t.Context()
	scripts, err := neo4j.ScriptsPrunedBy(mustDataset(t), 40)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(scripts[3].Text, "DETACH DELETE"); n < 6 {
		t.Fatalf("04-version.cypher deletes entities in %d statements, want several ranges", n)
	}
	var log logBuffer
	for _, sc := range scripts {
		if err := s.RunScript(ctx, sc, &log); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(want, dump(t, d, db)); diff != "" {
		t.Errorf("the scripts over the older data (+) differ from the current data alone (-):\n%s", diff)
	}
}

// TestSeedFailsPartWayThenCompletes stops a seed between its entities and its relationships: the
// error says so, the older data version stays recorded, and seeding again completes the data.
func TestSeedFailsPartWayThenCompletes(t *testing.T) {
	s, d, db, want := overOlderData(t)
	ctx := t.Context()

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopAfterEntities := writerFunc(func(p []byte) {
		if strings.HasPrefix(string(p), "entities:") {
			cancel()
		}
	})
	err := s.Seed(cctx, mustDataset(t), neo4j.SeedOptions{BatchSize: 100}, stopAfterEntities)
	if err == nil || !strings.Contains(err.Error(), "seed relationships, batch 1") || !strings.Contains(err.Error(), "seed again") {
		t.Fatalf("interrupted seed: err = %v, want an error naming the relationships' first batch", err)
	}
	if v, err := s.DataVersion(ctx); err != nil || v != "older" {
		t.Errorf("data version after the interrupted seed = %q, %v; want the older one", v, err)
	}
	if err := s.Seed(ctx, mustDataset(t), neo4j.SeedOptions{BatchSize: 100}, nil); err != nil {
		t.Fatalf("seeding again: %v", err)
	}
	if diff := cmp.Diff(want, dump(t, d, db)); diff != "" {
		t.Errorf("after seeding again (+), want the current data (-):\n%s", diff)
	}
}

type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }

// TestSeedTimeout gives the seed no time: it fails with the deadline, and the data stays as it was.
func TestSeedTimeout(t *testing.T) {
	s := MustOpenSeeded(t)
	ctx := t.Context()
	err := s.Seed(ctx, olderDataset(t), neo4j.SeedOptions{Timeout: 1}, nil)
	if err == nil {
		t.Fatal("a seed with a timeout of 1ns succeeded")
	}
	if v, err := s.DataVersion(ctx); err != nil || v != mustDataset(t).Version {
		t.Errorf("data version after the timed-out seed = %q, %v; want the current one", v, err)
	}
}

// TestSeedReplacesChangedFulltextIndex gives the full-text index another definition behind the
// store's back: seeding replaces it, and search finds descriptions again.
func TestSeedReplacesChangedFulltextIndex(t *testing.T) {
	s := MustOpenSeeded(t)
	d, db := rawDriver(t)
	ctx := t.Context()
	mustRun(t, d, db, "DROP INDEX "+neo4j.FulltextIndex, nil)
	mustRun(t, d, db, "CREATE FULLTEXT INDEX "+neo4j.FulltextIndex+" FOR (n:Entity) ON EACH [n.nameFr]", nil)
	mustRun(t, d, db, "CALL db.awaitIndexes(60)", nil)

	var log logBuffer
	if err := s.Seed(ctx, mustDataset(t), neo4j.SeedOptions{}, &log); err != nil {
		t.Fatal(err)
	}
	if !log.contains("has another definition: replacing it") {
		t.Errorf("seed did not replace the index:\n%s", log.String())
	}
	recs := mustRun(t, d, db, "SHOW FULLTEXT INDEXES YIELD name, properties WHERE name = $name RETURN properties", map[string]any{"name": neo4j.FulltextIndex})
	if len(recs) != 1 || !strings.Contains(fmt.Sprint(recs[0].Values[0]), "searchText") {
		t.Errorf("index properties after the seed: %v, want searchText among them", recs)
	}
	// These words are in the English name only, which the changed index did not hold.
	page, err := s.Search(ctx, kg.SearchQuery{Text: "border services agency", Page: kg.Page{Limit: 5}})
	if err != nil || len(page.Hits) == 0 || page.Hits[0].Entity.ID != "canada-border-services-agency" {
		t.Errorf("search after the seed: %+v, %v; want the CBSA first", page.Hits, err)
	}
	log = logBuffer{}
	if err := s.Seed(ctx, mustDataset(t), neo4j.SeedOptions{}, &log); err != nil {
		t.Fatal(err)
	}
	if log.contains("replacing") || log.contains("indexes added") {
		t.Errorf("a second seed touched the index again:\n%s", log.String())
	}
}
