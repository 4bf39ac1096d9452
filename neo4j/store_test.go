package neo4j_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest"
	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/storetest"
)

// envConfig returns the configuration of the test Neo4j server (see package neo4jtest).
func envConfig(tb testing.TB) neo4j.Config {
	tb.Helper()
	srv := neo4jtest.Shared(tb)
	return neo4j.Config{URI: srv.URI, Username: srv.Username, Password: srv.Password, Database: srv.Database}
}

// MustOpenSeeded opens the store of the environment, wipes its database and seeds it with the
// seed data (Store.Seed, the statements of the committed scripts).
func MustOpenSeeded(tb testing.TB) *neo4j.Store {
	tb.Helper()
	return mustOpen(tb, mustDataset(tb), neo4j.SeedOptions{Reset: true}, 0)
}

// mustOpen opens the store of the environment, closed when the test ends, and seeds it with ds
// under opts. A queryTimeout above zero replaces the store's default.
func mustOpen(tb testing.TB, ds *seed.Dataset, opts neo4j.SeedOptions, queryTimeout time.Duration) *neo4j.Store {
	tb.Helper()
	cfg := envConfig(tb)
	cfg.QueryTimeout = queryTimeout
	s := mustOpenConfig(tb, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := s.Seed(ctx, ds, opts, tbWriter{tb}); err != nil {
		tb.Fatal(err)
	}
	return s
}

// mustDataset loads the seed data.
func mustDataset(tb testing.TB) *seed.Dataset {
	tb.Helper()
	ds, err := seed.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Log(string(p))
	return len(p), nil
}

func TestMain(m *testing.M) { os.Exit(neo4jtest.Main(m)) }

func TestContract(t *testing.T) {
	s := MustOpenSeeded(t)
	storetest.Run(t, func(t *testing.T) kg.Store { return s })
}

// TestContractOnASyntheticGraph seeds the database with a synthetic graph, runs the synthetic
// contract. The tests after it seed their own data (MustOpenSeeded resets the database).
func TestContractOnASyntheticGraph(t *testing.T) {
	storetest.RunSynthetic(t, func(t *testing.T, ds *seed.Dataset) kg.Store {
		cfg := envConfig(t)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		s, err := neo4j.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := s.Close(context.Background()); err != nil {
				t.Error(err)
			}
		})
		if err := s.Seed(ctx, ds, neo4j.SeedOptions{Reset: true}, tbWriter{t}); err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestBatching(t *testing.T) { testBatching(t, MustOpenSeeded(t)) }

// testBatching checks that one call for many ids is one query.
func testBatching(t *testing.T, s *neo4j.Store) {
	ctx := t.Context()
	ids := []string{"winnipeg", "carfentanil", "no-such-entity", "winnipeg"}
	n := s.Queries()
	ents, err := s.EntitiesByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if ents[0] == nil || ents[1] == nil || ents[2] != nil || ents[3] == nil {
		t.Errorf("EntitiesByID(%v) = %v", ids, ents)
	}
	if _, err := s.Relationships(ctx, ids, kg.RelQuery{Page: kg.Page{Limit: 5}}); err != nil {
		t.Fatal(err)
	}
	if got := s.Queries() - n; got != 2 {
		t.Errorf("%d queries for two batched calls, want 2", got)
	}
}
