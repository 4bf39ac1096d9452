package graph

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/drugwatch/roundtable-kg/kg"
)

// loaders batch the store calls of one request: every entity looked up by id at one level of a
// query, and every relationship list asked with the same options, go to the store in one call.
type loaders struct {
	entities *dataloadgen.Loader[string, *kg.Entity]
	rels     *dataloadgen.Loader[relKey, kg.RelPage]
	counts   *dataloadgen.Loader[string, []kg.RelCount]
}

// relKey is one entity's relationship list; every field but ID is the same for a whole batch.
type relKey struct {
	ID         string
	Types      string // joined with ","
	Direction  kg.Direction
	OtherTypes string // joined with ","
	Offset     int
	Limit      int
}

func (k relKey) query() kg.RelQuery {
	q := kg.RelQuery{Direction: k.Direction, Page: kg.Page{Offset: k.Offset, Limit: k.Limit}}
	if k.Types != "" {
		q.Types = strings.Split(k.Types, ",")
	}
	if k.OtherTypes != "" {
		for _, t := range strings.Split(k.OtherTypes, ",") {
			q.OtherTypes = append(q.OtherTypes, kg.EntityType(t))
		}
	}
	return q
}

// DefaultLoaderWait is how long a loader waits for more keys before it calls the store; maxBatch
// caps the keys of one call (a query level larger than that costs several calls).
const (
	DefaultLoaderWait = 1 * time.Millisecond
	maxBatch          = 5000
)

func newLoaders(store kg.Store, wait time.Duration) *loaders {
	return &loaders{
		entities: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Entity, []error) {
			found, err := store.EntitiesByID(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			return found, nil
		}, dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(maxBatch)),
		rels: dataloadgen.NewLoader(func(ctx context.Context, keys []relKey) ([]kg.RelPage, []error) {
			return fetchRels(ctx, store, keys)
		}, dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(maxBatch)),
		counts: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([][]kg.RelCount, []error) {
			counts, err := store.RelationshipCounts(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			return counts, nil
		}, dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(maxBatch)),
	}
}

// fetchRels groups keys by their options and makes one store call per group.
func fetchRels(ctx context.Context, store kg.Store, keys []relKey) ([]kg.RelPage, []error) {
	out := make([]kg.RelPage, len(keys))
	errs := make([]error, len(keys))
	groups := map[relKey][]int{}
	var order []relKey
	for i, k := range keys {
		g := k
		g.ID = ""
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], i)
	}
	for _, g := range order {
		idx := groups[g]
		ids := make([]string, len(idx))
		for j, i := range idx {
			ids[j] = keys[i].ID
		}
		pages, err := store.Relationships(ctx, ids, g.query())
		for j, i := range idx {
			if err != nil {
				errs[i] = err
				continue
			}
			out[i] = pages[j]
		}
	}
	if !slices.ContainsFunc(errs, func(e error) bool { return e != nil }) {
		errs = nil
	}
	return out, errs
}

type loadersKey struct{}

func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// loadersFrom returns the request's loaders.
func loadersFrom(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}
