package graph

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/drugwatch/roundtable-kg/kg"
)

// BatchWaiter is implemented by stores that say how long a lookup may wait to be batched with the
// other lookups of its query level. A store over the network returns about one round trip: a
// batch saves a round trip per key. A store that answers from memory returns 0: no wait pays for
// itself there, so the API calls it at once, once per connection field. Stores that do not
// implement it get DefaultLoaderWait.
type BatchWaiter interface {
	BatchWait() time.Duration
}

// DefaultLoaderWait is how long a loader waits for more keys before it calls a store that states
// no BatchWait; maxBatch caps the keys of one call (a query level larger than that costs several
// calls).
const (
	DefaultLoaderWait = 1 * time.Millisecond
	maxBatch          = 5000
)

// batchWait returns the wait store asks for.
func batchWait(store kg.Store) time.Duration {
	if b, ok := store.(BatchWaiter); ok {
		return b.BatchWait()
	}
	return DefaultLoaderWait
}

// loaders batch the store calls of one request: every entity looked up by id at one level of a
// query, and every relationship list asked with the same options, go to the store in one call.
// With a wait of zero there are no batches: each connection field calls the store itself.
type loaders struct {
	store    kg.Store
	entities *dataloadgen.Loader[string, *kg.Entity]    // nil without batches
	rels     *dataloadgen.Loader[relKey, kg.RelPage]    // nil without batches
	counts   *dataloadgen.Loader[string, []kg.RelCount] // nil without batches
}

// relKey is one entity's relationship list; every field but ID is the same for a whole batch.
type relKey struct {
	ID         string
	Types      string // joined with ","
	Direction  kg.Direction
	OtherTypes string // joined with ","
	// Where is the filter of the other ends in JSON, "" for none: keys of equal filters are equal
	// (whereFilter puts clauses in a fixed order).
	Where  string
	Offset int
	Limit  int
}

func newRelKey(id string, q kg.RelQuery) relKey {
	other := make([]string, len(q.OtherTypes))
	for i, t := range q.OtherTypes {
		other[i] = string(t)
	}
	k := relKey{
		ID: id, Types: strings.Join(kg.RelationshipTypeNames(q.Types), ","), Direction: q.Direction,
		OtherTypes: strings.Join(other, ","), Offset: q.Offset, Limit: q.Limit,
	}
	if q.Where != nil {
		b, err := json.Marshal(q.Where)
		if err != nil {
			panic(err) // a filter is plain values: it always encodes
		}
		k.Where = string(b)
	}
	return k
}

func (k relKey) query() kg.RelQuery {
	q := kg.RelQuery{Direction: k.Direction, Page: kg.Page{Offset: k.Offset, Limit: k.Limit}}
	if k.Types != "" {
		q.Types = kg.RelationshipTypes(strings.Split(k.Types, ","))
	}
	if k.OtherTypes != "" {
		for _, t := range strings.Split(k.OtherTypes, ",") {
			q.OtherTypes = append(q.OtherTypes, kg.EntityType(t))
		}
	}
	if k.Where != "" {
		q.Where = &kg.Filter{}
		if err := json.Unmarshal([]byte(k.Where), q.Where); err != nil {
			panic(err) // what newRelKey encoded always decodes
		}
	}
	return q
}

func newLoaders(store kg.Store, wait time.Duration) *loaders {
	l := &loaders{store: store}
	if wait <= 0 {
		return l
	}
	l.entities = dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Entity, []error) {
		found, err := store.EntitiesByID(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return found, nil
	}, dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(maxBatch))
	l.rels = dataloadgen.NewLoader(func(ctx context.Context, keys []relKey) ([]kg.RelPage, []error) {
		return fetchRels(ctx, store, keys)
	}, dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(maxBatch))
	l.counts = dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([][]kg.RelCount, []error) {
		counts, err := store.RelationshipCounts(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return counts, nil
	}, dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(maxBatch))
	return l
}

// relCounts returns the counts of the relationships of id by type and direction.
func (l *loaders) relCounts(ctx context.Context, id string) ([]kg.RelCount, error) {
	if l.counts == nil {
		counts, err := l.store.RelationshipCounts(ctx, []string{id})
		if err != nil {
			return nil, err
		}
		return counts[0], nil
	}
	return l.counts.Load(ctx, id)
}

// entitiesByID returns one entity per id, in order, nil for a missing one.
func (l *loaders) entitiesByID(ctx context.Context, ids []string) ([]*kg.Entity, error) {
	if l.entities == nil {
		return l.store.EntitiesByID(ctx, ids)
	}
	return l.entities.LoadAll(ctx, ids)
}

// entity returns the entity with this id, or nil.
func (l *loaders) entity(ctx context.Context, id string) (*kg.Entity, error) {
	if l.entities == nil {
		found, err := l.store.EntitiesByID(ctx, []string{id})
		if err != nil {
			return nil, err
		}
		return found[0], nil
	}
	return l.entities.Load(ctx, id)
}

// relPage returns one page of the relationships of id.
func (l *loaders) relPage(ctx context.Context, id string, q kg.RelQuery) (kg.RelPage, error) {
	if l.rels == nil {
		pages, err := l.store.Relationships(ctx, []string{id}, q)
		if err != nil {
			return kg.RelPage{}, err
		}
		return pages[0], nil
	}
	return l.rels.Load(ctx, newRelKey(id, q))
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
