package graph_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
)

// counting wraps a real store and counts the calls the API makes to it.
type counting struct {
	kg.Store
	mu        sync.Mutex
	calls     map[string]int
	wantTotal []bool
}

func (c *counting) count(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[name]++
}

func (c *counting) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.calls {
		n += v
	}
	return n
}

func (c *counting) EntitiesByID(ctx context.Context, ids []string) ([]*kg.Entity, error) {
	c.count("EntitiesByID")
	return c.Store.EntitiesByID(ctx, ids)
}

func (c *counting) Entities(ctx context.Context, q kg.EntityQuery) (kg.EntityPage, error) {
	c.count("Entities")
	c.mu.Lock()
	c.wantTotal = append(c.wantTotal, q.WantTotal)
	c.mu.Unlock()
	return c.Store.Entities(ctx, q)
}

func (c *counting) Relationships(ctx context.Context, ids []string, q kg.RelQuery) ([]kg.RelPage, error) {
	c.count("Relationships")
	return c.Store.Relationships(ctx, ids, q)
}

// TestStoreCallsGrowWithDepthNotWidth runs the same four-level query over pages of 2 and of 40
// organizations: the number of store calls must be the same, and small.
func TestStoreCallsGrowWithDepthNotWidth(t *testing.T) {
	const query = `query($n: Int) { entities(types: [ORGANIZATION], first: $n) { edges { node {
	  name
	  relationships(first: 10) { edges { other { id name
	    relationships(first: 5) { edges { node { from { id } to { id name } } } } } } }
	  ... on Organization { presentations { edges { node { id name ... on Session { presenters { totalCount } } } } } }
	} } } }`
	calls := map[int]int{}
	nodes := map[int]int{}
	for _, n := range []int{2, 40} {
		store := &counting{Store: mustStore(t), calls: map[string]int{}}
		// A long wait makes batching independent of how busy the machine is.
		srv := newServerWith(t, store, graph.WithLoaderWait(100*time.Millisecond))
		r := post(t, srv, query, map[string]any{"n": n})
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %+v", r.Errors)
		}
		calls[n] = store.total()
		nodes[n] = len(r.Data)
		t.Logf("first %d: %d store calls %v, %d bytes of data", n, calls[n], store.calls, len(r.Data))
	}
	// One call for the list, then per level one call per loader: relationships (two lists),
	// the entities at the other end and the sessions, their relationships and the presenters,
	// the entities those name. Fields of one level may share a batch or not, hence a range.
	for n, c := range calls {
		if c < 5 || c > 8 {
			t.Errorf("%d store calls for %d organizations, want 5 to 8 whatever the width", c, n)
		}
	}
	if nodes[40] < 10*nodes[2] {
		t.Errorf("the wide query returned %d bytes, the narrow %d: the test is not exercising width", nodes[40], nodes[2])
	}
}

func TestTotalCountOnlyWhenAsked(t *testing.T) {
	for _, tc := range []struct {
		selection string
		want      bool
	}{{"totalCount", true}, {"edges { cursor }", false}} {
		store := &counting{Store: mustStore(t), calls: map[string]int{}}
		srv := newServer(t, store)
		r := post(t, srv, fmt.Sprintf(`{ entities(first: 3) { %s } }`, tc.selection), nil)
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %+v", r.Errors)
		}
		if len(store.wantTotal) != 1 || store.wantTotal[0] != tc.want {
			t.Errorf("selecting %q: WantTotal %v, want [%v]", tc.selection, store.wantTotal, tc.want)
		}
	}
}
