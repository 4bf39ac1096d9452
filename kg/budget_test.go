package kg_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/kg/kgtest"
)

func trapEnds(ents []kg.Entity) (from, to kg.Entity) { return ents[0], ents[1] }

// TestPathSearchStopsAtItsBudget: the trap holds millions of partial paths cheaper than any
// complete one; the search gives up at its budget with ErrTooComplex.
func TestPathSearchStopsAtItsBudget(t *testing.T) {
	ents, rels := kgtest.Trap(40)
	var calls int
	from, to := trapEnds(ents)
	paths, err := kg.FindPaths(context.Background(), from, to, kg.PathsQuery{MaxHops: 6, First: 10}, kgtest.Adjacency(ents, rels, &calls))
	if !errors.Is(err, kg.ErrTooComplex) {
		t.Fatalf("err = %v, want ErrTooComplex", err)
	}
	if len(paths) >= 10 {
		t.Errorf("%d paths found, want fewer than asked for when the budget ran out", len(paths))
	}
	// With every link alike, the shortest paths (three hops through the session) come first.
	paths, err = kg.FindPaths(context.Background(), from, to, kg.PathsQuery{MaxHops: 6, First: 10, AnyLink: true}, kgtest.Adjacency(ents, rels, &calls))
	if err != nil || len(paths) != 10 {
		t.Fatalf("any link: %d paths, err %v; want 10, nil", len(paths), err)
	}
	for _, p := range paths {
		if len(p.Relationships) != 3 {
			t.Errorf("path of %d hops, want 3", len(p.Relationships))
		}
	}
}

// TestConnectStopsAtItsBudget: Connect returns every entity asked for, with ErrTooComplex.
func TestConnectStopsAtItsBudget(t *testing.T) {
	ents, rels := kgtest.Trap(40)
	var calls int
	sub, err := kg.Connect(context.Background(), ents[:2], kg.PathsQuery{MaxHops: 6}, kgtest.Adjacency(ents, rels, &calls))
	if !errors.Is(err, kg.ErrTooComplex) {
		t.Fatalf("err = %v, want ErrTooComplex", err)
	}
	if len(sub.Nodes) != 2 {
		t.Errorf("%d nodes, want the 2 entities asked for", len(sub.Nodes))
	}
}

// TestPathSearchStopsWithItsRequest: a search whose request is over stops with the context's
// error, long before its budget.
func TestPathSearchStopsWithItsRequest(t *testing.T) {
	ents, rels := kgtest.Trap(40)
	var calls int
	from, to := trapEnds(ents)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := kg.FindPaths(ctx, from, to, kg.PathsQuery{MaxHops: 6, First: 10}, kgtest.Adjacency(ents, rels, &calls))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	time.Sleep(2 * time.Millisecond)
	if _, err := kg.Connect(ctx, ents[:3], kg.PathsQuery{MaxHops: 6}, kgtest.Adjacency(ents, rels, &calls)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("connect: err = %v, want context.DeadlineExceeded", err)
	}
}

// TestBudget checks the accounting itself.
func TestBudget(t *testing.T) {
	b := kg.NewBudget(context.Background(), "the test", 10)
	for range 10 {
		if err := b.Spend(1); err != nil {
			t.Fatalf("within the budget: %v", err)
		}
	}
	if err := b.Spend(1); !errors.Is(err, kg.ErrTooComplex) {
		t.Errorf("past the budget: err = %v, want ErrTooComplex", err)
	}
	if b.Used() != 10 {
		t.Errorf("used %d, want 10", b.Used())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b = kg.NewBudget(ctx, "the test", 1_000_000)
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		err = b.Spend(1)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled request: err = %v, want context.Canceled within 1000 units", err)
	}
}
