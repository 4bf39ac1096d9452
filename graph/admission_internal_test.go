package graph

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func codeOf(err error) string {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) {
		c, _ := gqlErr.Extensions["code"].(string)
		return c
	}
	return ""
}

func TestAdmission(t *testing.T) {
	ctx := context.Background()
	a := newAdmission(Admission{Cheap: 10, CostInFlight: 100, Queue: 2, PerClient: 3})
	t.Run("CheapRunsAtOnce", func(t *testing.T) {
		var releases []func()
		for range 50 {
			release, err := a.admit(ctx, "c", 10)
			if err != nil {
				t.Fatal(err)
			}
			releases = append(releases, release)
		}
		for _, r := range releases {
			r()
		}
	})
	t.Run("ExpensiveWaitsItsTurn", func(t *testing.T) {
		first, err := a.admit(ctx, "a", 100)
		if err != nil {
			t.Fatal(err)
		}
		// While the pool is taken, a second expensive operation waits until its deadline...
		short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		defer cancel()
		if _, err := a.admit(short, "b", 50); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("second: err = %v, want the deadline", err)
		}
		// ... and runs once the first has run; a cheap one runs meanwhile.
		got := make(chan error, 1)
		go func() {
			release, err := a.admit(ctx, "b", 50)
			if err == nil {
				release()
			}
			got <- err
		}()
		if release, err := a.admit(ctx, "c", 1); err != nil {
			t.Fatalf("cheap: %v", err)
		} else {
			release()
		}
		first()
		first() // a second call does nothing
		if err := <-got; err != nil {
			t.Fatalf("second after the first: %v", err)
		}
	})
	t.Run("LineAndShareAreBounded", func(t *testing.T) {
		hold, err := a.admit(ctx, "a", 100)
		if err != nil {
			t.Fatal(err)
		}
		waitCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		for _, client := range []string{"a", "b"} {
			go func() {
				_, _ = a.admit(waitCtx, client, 100)
				done <- struct{}{}
			}()
		}
		waitFor(t, func() bool { a.mu.Lock(); defer a.mu.Unlock(); return a.waiting == 2 })
		if _, err := a.admit(ctx, "c", 100); codeOf(err) != CodeServerBusy || !strings.Contains(err.Error(), "waiting") {
			t.Errorf("line full: err = %v, want %s", err, CodeServerBusy)
		}
		cancel()
		<-done
		<-done
		// Client a holds one operation; with two more waiting it is at its share.
		waitCtx, cancel = context.WithCancel(ctx)
		defer cancel()
		a.Queue = 0
		for range 2 {
			go func() { _, _ = a.admit(waitCtx, "a", 100) }()
		}
		waitFor(t, func() bool { a.mu.Lock(); defer a.mu.Unlock(); return a.clients["a"] == 3 })
		if _, err := a.admit(ctx, "a", 100); codeOf(err) != CodeServerBusy || !strings.Contains(err.Error(), "client") {
			t.Errorf("share full: err = %v, want %s", err, CodeServerBusy)
		}
		hold()
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("condition not reached in 1 s")
}

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
