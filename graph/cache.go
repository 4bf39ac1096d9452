package graph

import (
	"container/list"
	"context"
	"crypto/sha256"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// The caches of documents are bounded in bytes, keys included: a key is kept as the SHA-256 of
// the text it names, and an entry counts what it holds. A parsed document costs about 75 bytes per
// byte of its text for a document of many short fields (a 15 KB document of 5,000 tokens parses
// to 1.1 MB), and a long comment or string costs few tokens, so documents over maxCachedDocument
// are never kept: they run, but are parsed again each time.
const (
	// maxCachedDocument is the size of the largest document a cache keeps.
	maxCachedDocument = 16 << 10
	// astBytesPerByte estimates the bytes of a parsed document per byte of its text.
	astBytesPerByte = 75
	// queryCacheBytes bounds the parsed and validated documents kept.
	queryCacheBytes = 32 << 20
	// passedCacheBytes bounds the summaries of documents that passed the limits.
	passedCacheBytes = 4 << 20
	// entryOverhead is what an entry costs beside its value: its hash, list element and map slot.
	entryOverhead = 128
)

// byteCache is a graphql.Cache bounded in bytes, least recently used first out. It keeps each key
// as its SHA-256 and each entry at the cost size gives it; entries of a document larger than
// maxCachedDocument are not kept. It is safe for concurrent use.
type byteCache[T any] struct {
	size func(key string, value T) int
	max  int

	mu    sync.Mutex
	used  int
	items map[[sha256.Size]byte]*list.Element
	order list.List // of *cached[T], most recent first
}

type cached[T any] struct {
	hash  [sha256.Size]byte
	value T
	cost  int
}

var _ graphql.Cache[string] = (*byteCache[string])(nil)

func newByteCache[T any](maxBytes int, size func(key string, value T) int) *byteCache[T] {
	return &byteCache[T]{size: size, max: maxBytes, items: map[[sha256.Size]byte]*list.Element{}}
}

// Get implements graphql.Cache.
func (c *byteCache[T]) Get(_ context.Context, key string) (T, bool) {
	h := sha256.Sum256([]byte(key))
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[h]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cached[T]).value, true
	}
	var zero T
	return zero, false
}

// Add implements graphql.Cache.
func (c *byteCache[T]) Add(_ context.Context, key string, value T) {
	size := c.size(key, value)
	if size < 0 || size > maxCachedDocument*astBytesPerByte {
		return
	}
	cost := size + entryOverhead
	h := sha256.Sum256([]byte(key))
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[h]; ok {
		c.used -= e.Value.(*cached[T]).cost
		c.order.Remove(e)
	}
	for c.used+cost > c.max && c.order.Len() > 0 {
		last := c.order.Back()
		old := last.Value.(*cached[T])
		c.order.Remove(last)
		delete(c.items, old.hash)
		c.used -= old.cost
	}
	if cost > c.max {
		return
	}
	c.items[h] = c.order.PushFront(&cached[T]{hash: h, value: value, cost: cost})
	c.used += cost
}

// bytes returns the cost of what the cache holds.
func (c *byteCache[T]) bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// document is the size of an entry keyed by a document's text, or -1 for a document too large to
// keep.
func document(query string, perByte int) int {
	if len(query) > maxCachedDocument {
		return -1
	}
	return len(query) * perByte
}

// newQueryCache returns the cache of parsed documents, keyed by their text.
func newQueryCache() *byteCache[*ast.QueryDocument] {
	return newByteCache(queryCacheBytes, func(query string, _ *ast.QueryDocument) int {
		return document(query, astBytesPerByte)
	})
}

// newAPQCache returns the cache of automatic persisted queries: documents keyed by their hash, at
// most entries of them.
func newAPQCache(entries int) *byteCache[string] {
	return newByteCache(entries*maxCachedDocument, func(_ string, query string) int {
		return document(query, 1)
	})
}

// newPassedCache returns the cache of documents that passed the limits, keyed by their text.
func newPassedCache() *byteCache[accepted] {
	return newByteCache(passedCacheBytes, func(query string, a accepted) int {
		n := document(query, 0)
		if n < 0 {
			return n
		}
		for name, op := range a {
			n += len(name) + 64
			for _, v := range op.intVars {
				n += len(v) + 16
			}
		}
		return n
	})
}
