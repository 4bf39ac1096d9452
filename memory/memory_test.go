package memory_test

import (
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/storetest"
)

// MustOpen returns a memory store over the seed dataset.
func MustOpen(tb testing.TB) *memory.Store {
	tb.Helper()
	s, _, err := memory.Seeded()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) kg.Store { return MustOpen(t) })
}

func TestNewRejectsDanglingRelationship(t *testing.T) {
	_, err := memory.New([]kg.Entity{{ID: "a", Type: kg.Place}}, []kg.Relationship{{Type: "LOCATED_IN", From: "a", To: "b"}}, "v")
	if err == nil {
		t.Fatal("New accepted a relationship to a missing entity")
	}
}

func TestResultsDoNotAliasTheStore(t *testing.T) {
	s := MustOpen(t)
	ctx := t.Context()
	got, err := s.EntitiesByID(ctx, []string{"royal-canadian-mounted-police"})
	if err != nil {
		t.Fatal(err)
	}
	got[0].Aliases[0] = "changed"
	got[0].Evidence[0].Quote = "changed"
	again, err := s.EntitiesByID(ctx, []string{"royal-canadian-mounted-police"})
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Aliases[0] == "changed" || again[0].Evidence[0].Quote == "changed" {
		t.Error("changing a result changed the store")
	}
}

func TestReplaceChangesDataVersionUnderConcurrentReads(t *testing.T) {
	s := MustOpen(t)
	ctx := t.Context()
	before, _ := s.DataVersion(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 200 {
			if _, err := s.Search(ctx, kg.SearchQuery{Text: "meth", Page: kg.Page{Limit: 5}}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	if err := s.Replace([]kg.Entity{{ID: "a", Type: kg.Place, Name: kg.Text{EN: "A", FR: "A"}}}, nil, "v2"); err != nil {
		t.Fatal(err)
	}
	<-done
	after, _ := s.DataVersion(ctx)
	if before == after || after != "v2" {
		t.Errorf("DataVersion %q then %q, want a change to v2", before, after)
	}
	st, _ := s.Stats(ctx)
	if st.Entities[kg.Place] != 1 {
		t.Errorf("after Replace, %d places, want 1", st.Entities[kg.Place])
	}
}
