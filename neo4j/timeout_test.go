package neo4j_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j"
)

// longRunning is a statement that really runs long on the server (tens of seconds) and returns
// one row: it counts, in Cypher, the numbers of a long range that are negative.
const longRunning = "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n"

// sharedConfig returns the configuration of the shared test server with timeouts short enough for
// the tests and long enough for a busy machine.
func sharedConfig(t *testing.T) neo4j.Config {
	cfg := envConfig(t)
	cfg.ConnectTimeout, cfg.QueryTimeout, cfg.RetryTime = 2*time.Second, 5*time.Second, 300*time.Millisecond
	return cfg
}

// mustOpenConfig opens cfg and closes the store at the end of the test.
func mustOpenConfig(tb testing.TB, cfg neo4j.Config) *neo4j.Store {
	tb.Helper()
	s, err := neo4j.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(context.Background()); err != nil {
			tb.Error(err)
		}
	})
	return s
}

// run is one of the store's ways of running statements: alone, in a transaction of several, or as
// the only statement of a request.
type run func(s *neo4j.Store, ctx context.Context, text string) (int, error)

var paths = map[string]run{
	"Query":       (*neo4j.Store).RunRead,
	"Transaction": (*neo4j.Store).RunReadTx,
	"OnlyCall":    (*neo4j.Store).RunReadOnly,
}

// TestServerTimeout runs a statement that takes far longer than allowed: the server stops it and
// the store reports kg.ErrTimeout, not kg.ErrUnavailable, before the call's own deadline, whether
// that deadline comes from Config.QueryTimeout or from the caller's context. The connection stays
// usable.
func TestServerTimeout(t *testing.T) {
	cfg := sharedConfig(t)
	long := cfg
	long.QueryTimeout = time.Minute
	tests := map[string]struct {
		cfg      neo4j.Config
		deadline time.Duration // of the caller's context; none when zero
		within   time.Duration
	}{
		"QueryTimeout":   {cfg: cfg, within: cfg.QueryTimeout + time.Second},
		"CallerDeadline": {cfg: long, deadline: 3 * time.Second, within: 3*time.Second + time.Second},
		"ShortDeadline":  {cfg: long, deadline: neo4j.TxMargin + 300*time.Millisecond, within: neo4j.TxMargin + 300*time.Millisecond + time.Second},
	}
	// Planning the statement the first time on a cold server can take seconds: EXPLAIN compiles it
	// without running it, so that the cases below measure its execution.
	if _, err := mustOpenConfig(t, long).RunRead(context.Background(), "EXPLAIN "+longRunning); err != nil {
		t.Fatal(err)
	}
	for name, tt := range tests {
		for pathName, run := range paths {
			t.Run(name+"/"+pathName, func(t *testing.T) {
				s := mustOpenConfig(t, tt.cfg)
				ctx := context.Background()
				if tt.deadline > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.deadline)
					defer cancel()
				}
				start := time.Now()
				_, err := run(s, ctx, longRunning)
				d := time.Since(start)
				t.Logf("failed after %s: %v", d.Round(time.Millisecond), err)
				if !errors.Is(err, kg.ErrTimeout) || errors.Is(err, kg.ErrUnavailable) {
					t.Errorf("got %v, want kg.ErrTimeout and not kg.ErrUnavailable", err)
				}
				if d > tt.within {
					t.Errorf("got the error after %s, want it within %s", d, tt.within)
				}
				checkMessage(t, err, tt.cfg)
				if n, err := run(s, context.Background(), "RETURN 1 AS ok"); err != nil || n != 1 {
					t.Errorf("after the timeout: got %d records, %v; want 1, nil", n, err)
				}
			})
		}
	}
}

// TestDeadlineBetweenStatements lets a call's deadline pass between two statements of one
// transaction, after the server answered the first, as a busy server's Go work between the levels
// of a walk can: the store reports kg.ErrTimeout, not kg.ErrUnavailable (the server answered), in
// the store's own transaction and in a request's scope.
func TestDeadlineBetweenStatements(t *testing.T) {
	s := mustOpenConfig(t, sharedConfig(t))
	tests := map[string]func(ctx context.Context) (context.Context, func()){
		"Transaction": func(ctx context.Context) (context.Context, func()) { return ctx, func() {} },
		"Scope":       s.Scope,
	}
	for name, scoped := range tests {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			ctx, end := scoped(ctx)
			defer end()
			_, err := s.RunReadTxPause(ctx, "RETURN 1 AS ok", 2500*time.Millisecond)
			if !errors.Is(err, kg.ErrTimeout) || errors.Is(err, kg.ErrUnavailable) {
				t.Errorf("got %v, want kg.ErrTimeout and not kg.ErrUnavailable", err)
			}
		})
	}
}

// TestCancel cancels calls, before they start and while the server works on them: the store
// reports context.Canceled, not kg.ErrUnavailable, promptly, and stays usable.
func TestCancel(t *testing.T) {
	cfg := sharedConfig(t)
	cfg.QueryTimeout = time.Minute
	tests := map[string]time.Duration{ // when to cancel; at once when zero
		"Before":  0,
		"Running": 500 * time.Millisecond,
	}
	for name, after := range tests {
		for pathName, run := range paths {
			t.Run(name+"/"+pathName, func(t *testing.T) {
				s := mustOpenConfig(t, cfg)
				ctx, cancel := context.WithCancel(context.Background())
				if after == 0 {
					cancel()
				} else {
					time.AfterFunc(after, cancel)
				}
				start := time.Now()
				_, err := run(s, ctx, longRunning)
				d := time.Since(start)
				t.Logf("failed after %s: %v", d.Round(time.Millisecond), err)
				if !errors.Is(err, context.Canceled) || errors.Is(err, kg.ErrUnavailable) || errors.Is(err, kg.ErrTimeout) {
					t.Errorf("got %v, want context.Canceled alone", err)
				}
				if want := after + time.Second; d > want {
					t.Errorf("got the error after %s, want it within %s", d, want)
				}
				if n, err := run(s, context.Background(), "RETURN 1 AS ok"); err != nil || n != 1 {
					t.Errorf("after the cancellation: got %d records, %v; want 1, nil", n, err)
				}
			})
		}
	}
}

// checkMessage fails unless err names the URI of cfg and shows no password.
func checkMessage(t *testing.T, err error, cfg neo4j.Config) {
	t.Helper()
	if err == nil {
		return
	}
	if !strings.Contains(err.Error(), cfg.URI) {
		t.Errorf("error %q does not name %s", err, cfg.URI)
	}
	if cfg.Password != "" && strings.Contains(err.Error(), cfg.Password) {
		t.Errorf("error %q shows the password", err)
	}
}
