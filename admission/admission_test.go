package admission

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestGate(t *testing.T) {
	ctx := context.Background()
	a := New(Policy{Cheap: 10, CostInFlight: 100, Queue: 2, PerClient: 3})
	t.Run("CheapRunsAtOnce", func(t *testing.T) {
		var releases []func()
		for range 50 {
			release, err := a.Admit(ctx, "c", 10)
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
		first, err := a.Admit(ctx, "a", 100)
		if err != nil {
			t.Fatal(err)
		}
		// While the pool is taken, a second expensive operation waits until its deadline...
		short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		defer cancel()
		if _, err := a.Admit(short, "b", 50); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("second: err = %v, want the deadline", err)
		}
		// ... and runs once the first has run; a cheap one runs meanwhile.
		got := make(chan error, 1)
		go func() {
			release, err := a.Admit(ctx, "b", 50)
			if err == nil {
				release()
			}
			got <- err
		}()
		if release, err := a.Admit(ctx, "c", 1); err != nil {
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
		hold, err := a.Admit(ctx, "a", 100)
		if err != nil {
			t.Fatal(err)
		}
		waitCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		for _, client := range []string{"a", "b"} {
			go func() {
				_, _ = a.Admit(waitCtx, client, 100)
				done <- struct{}{}
			}()
		}
		waitFor(t, func() bool { a.mu.Lock(); defer a.mu.Unlock(); return a.waiting == 2 })
		if _, err := a.Admit(ctx, "c", 100); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "waiting") {
			t.Errorf("line full: err = %v, want ErrBusy", err)
		}
		cancel()
		<-done
		<-done
		// Client a holds one operation; with two more waiting it is at its share.
		waitCtx, cancel = context.WithCancel(ctx)
		defer cancel()
		a.Queue = 0
		for range 2 {
			go func() { _, _ = a.Admit(waitCtx, "a", 100) }()
		}
		waitFor(t, func() bool { a.mu.Lock(); defer a.mu.Unlock(); return a.clients["a"] == 3 })
		if _, err := a.Admit(ctx, "a", 100); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "client") {
			t.Errorf("share full: err = %v, want ErrBusy", err)
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
