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

// counting wraps a real store and counts the calls the API makes to it, and the keys of each.
type counting struct {
	kg.Store
	mu        sync.Mutex
	calls     map[string]int
	keys      map[string]int // "method id options": times asked
	wantTotal []bool
}

func (c *counting) count(name string, ids []string, options string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[name]++
	if c.keys == nil {
		c.keys = map[string]int{}
	}
	for _, id := range ids {
		c.keys[name+" "+id+" "+options]++
	}
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
	c.count("EntitiesByID", ids, "")
	return c.Store.EntitiesByID(ctx, ids)
}

func (c *counting) Entities(ctx context.Context, q kg.EntityQuery) (kg.EntityPage, error) {
	c.count("Entities", nil, "")
	c.mu.Lock()
	c.wantTotal = append(c.wantTotal, q.WantTotal)
	c.mu.Unlock()
	return c.Store.Entities(ctx, q)
}

func (c *counting) Relationships(ctx context.Context, ids []string, q kg.RelQuery) ([]kg.RelPage, error) {
	c.count("Relationships", ids, fmt.Sprintf("%+v", q))
	return c.Store.Relationships(ctx, ids, q)
}

// TestStoreCallsGrowWithDepthNotWidth runs the same four-level query over pages of 2 and of 40
// organizations. What it asserts does not depend on how the machine schedules the resolvers:
// every key reaches the store once (the loaders deduplicate), and the wide query makes fewer
// store calls than it has organizations, where one call per node would make hundreds. How many
// calls each level takes (one when all its keys gather within the loader's wait) is logged only.
func TestStoreCallsGrowWithDepthNotWidth(t *testing.T) {
	const query = `query($n: Int) { entities(types: [ORGANIZATION], first: $n) { edges { node {
	  name
	  relationships(first: 10) { edges { other { id name
	    relationships(first: 5) { edges { node { from { id } to { id name } } } } } } }
	  ... on Organization { presentations { edges { node { id name ... on Session { presenters { totalCount } } } } } }
	} } } }`
	// The query is 11 levels deep: more than the default limit, which is not under test here.
	limits := graph.DefaultLimits
	limits.Depth = 12
	calls := map[int]int{}
	nodes := map[int]int{}
	for _, n := range []int{2, 40} {
		store := &counting{Store: mustStore(t), calls: map[string]int{}}
		srv := newServerWith(t, store, graph.WithLoaderWait(100*time.Millisecond), graph.WithLimits(limits))
		r := post(t, srv, query, map[string]any{"n": n})
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %+v", r.Errors)
		}
		calls[n] = store.total()
		nodes[n] = len(r.Data)
		t.Logf("first %d: %d store calls %v, %d keys, %d bytes of data", n, calls[n], store.calls, len(store.keys), len(r.Data))
		for key, times := range store.keys {
			if times > 1 {
				t.Errorf("first %d: %s reached the store %d times, want once", n, key, times)
			}
		}
	}
	if calls[40] >= 40 {
		t.Errorf("%d store calls for 40 organizations: the calls grow with the width of the query", calls[40])
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
