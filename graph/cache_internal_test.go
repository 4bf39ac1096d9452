package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// TestDocumentCachesAreBoundedInBytes sends a thousand distinct large documents through the
// caches: what they hold stays within their bounds, and no key is kept as its text.
func TestDocumentCachesAreBoundedInBytes(t *testing.T) {
	ctx := context.Background()
	queries := newQueryCache()
	passed := newPassedCache()
	apq := newAPQCache(10)
	doc := &ast.QueryDocument{}
	for i := range 1000 {
		text := strings.Repeat("x", maxCachedDocument-10) + strings.Repeat("y", i%10)
		queries.Add(ctx, text+string(rune('a'+i%26))+strings.Repeat(" ", i/26), doc)
		passed.Add(ctx, text+string(rune('a'+i%26))+strings.Repeat(" ", i/26), accepted{"": {}})
		apq.Add(ctx, strings.Repeat("h", i), text)
	}
	for name, c := range map[string]struct{ used, max int }{
		"queries": {queries.bytes(), queryCacheBytes},
		"passed":  {passed.bytes(), passedCacheBytes},
		"apq":     {apq.bytes(), 10 * maxCachedDocument},
	} {
		if c.used > c.max || c.used == 0 {
			t.Errorf("%s: %d bytes, want 1 to %d", name, c.used, c.max)
		}
	}
	huge := strings.Repeat("z", maxCachedDocument+1)
	queries.Add(ctx, huge, doc)
	if _, ok := queries.Get(ctx, huge); ok {
		t.Error("a document over the size kept was kept")
	}
	small := "{ dataVersion }"
	queries.Add(ctx, small, doc)
	if got, ok := queries.Get(ctx, small); !ok || got != doc {
		t.Error("a small document was not kept")
	}
}
