package neo4j_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/storetest"
)

// MustOpenEmulated opens the store on a Bolt server that answers from the seed dataset (graphDB).
func MustOpenEmulated(tb testing.TB) (*neo4j.Store, *graphDB, *boltServer) {
	tb.Helper()
	db := newGraphDB(tb)
	srv := newBoltServer(tb, db.answer)
	cfg := testConfig("neo4j://" + srv.addr)
	cfg.QueryTimeout = 10 * time.Second
	s, err := neo4j.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close(context.Background()) })
	return s, db, srv
}

// TestContractOverBolt runs the contract suite on the store through the real driver and the Bolt
// protocol, against a server that answers each statement as its Cypher says (see graphDB).
func TestContractOverBolt(t *testing.T) {
	s, _, _ := MustOpenEmulated(t)
	storetest.Run(t, func(t *testing.T) kg.Store { return s })
}

func TestBatchingOverBolt(t *testing.T) {
	s, _, srv := MustOpenEmulated(t)
	testBatching(t, s)
	if q, _ := srv.lastQuery(); !strings.HasPrefix(q, "UNWIND $ids AS id") {
		t.Errorf("last statement %q, want the batched relationships statement", q)
	}
}

func TestSeedOverBolt(t *testing.T) {
	s, db, _ := MustOpenEmulated(t)
	ctx := context.Background()
	var log logBuffer
	if err := s.Seed(ctx, seed.Scripts(), neo4j.SeedOptions{Reset: true}, &log); err != nil {
		t.Fatalf("Seed: %v\n%s", err, log.String())
	}
	want := 0
	for _, sc := range seed.Scripts() {
		want += len(sc.Statements())
		if !log.contains(sc.Name + ": ") {
			t.Errorf("no progress for %s:\n%s", sc.Name, log.String())
		}
	}
	db.mu.Lock()
	writes := db.writes
	db.mu.Unlock()
	if writes != want {
		t.Errorf("server received %d seed statements, want %d", writes, want)
	}
	for _, line := range []string{"reset: done", "nodes created", "relationships created", "constraints added", "seeded data version " + db.ds.Version} {
		if !log.contains(line) {
			t.Errorf("progress lacks %q:\n%s", line, log.String())
		}
	}

	// A relationship whose end was missing was silently not created: the check catches it.
	db.mu.Lock()
	db.missingRel = 1
	db.mu.Unlock()
	if err := s.Seed(ctx, seed.Scripts()[3:], neo4j.SeedOptions{}, nil); err == nil || !strings.Contains(err.Error(), "relationships") {
		t.Errorf("Seed with a relationship missing: err = %v, want a count mismatch", err)
	}
}
