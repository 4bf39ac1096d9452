package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
)

// The caches of documents are bounded in bytes as well as in entries: a document costs its text
// and its syntax tree, about 75 bytes per byte of text for a document of many short fields (a
// 15 KB document of 5,000 tokens parses to 1.1 MB), and a long comment or string costs few
// tokens. Larger documents run, but are parsed again each time rather than kept.
const (
	// maxCachedDocument is the size of the largest document a cache keeps.
	maxCachedDocument = 16 << 10
	// queryCacheSize is the number of parsed and validated documents kept: at most about 110 MB.
	queryCacheSize = 100
)

// smallOnly keeps in a cache only the entries whose document is at most maxCachedDocument bytes.
type smallOnly[T any] struct {
	graphql.Cache[T]
	size func(key string, value T) int
}

// Add adds the entry if its document is small enough.
func (c smallOnly[T]) Add(ctx context.Context, key string, value T) {
	if c.size(key, value) <= maxCachedDocument {
		c.Cache.Add(ctx, key, value)
	}
}

// newQueryCache returns the cache of parsed documents, keyed by their text.
func newQueryCache() graphql.Cache[*ast.QueryDocument] {
	return smallOnly[*ast.QueryDocument]{
		Cache: lru.New[*ast.QueryDocument](queryCacheSize),
		size:  func(query string, _ *ast.QueryDocument) int { return len(query) },
	}
}

// newAPQCache returns the cache of automatic persisted queries: documents keyed by their hash.
func newAPQCache(entries int) graphql.Cache[string] {
	return smallOnly[string]{
		Cache: lru.New[string](entries),
		size:  func(_ string, query string) int { return len(query) },
	}
}

// newPassedCache returns the cache of documents that passed the limits, keyed by their text.
func newPassedCache() graphql.Cache[accepted] {
	return smallOnly[accepted]{
		Cache: lru.New[accepted](queryCacheSize),
		size:  func(query string, _ accepted) int { return len(query) },
	}
}
