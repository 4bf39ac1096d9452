package neo4j_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j"
)

// The fault tests put a proxy (proxy_test.go) between the driver and the real test server and
// break the connections on command. They use bolt:// URIs: with neo4j:// the server's routing
// table names its own address, so the driver would go round the proxy after the first routing
// call. Routing is covered by TestNeo4jRestart, which stops the server itself.

// bigResult is a statement whose result (some megabytes) takes many network reads to arrive.
const bigResult = "UNWIND range(1, 5000) AS x RETURN x, 'a row long enough to fill the network buffers quickly' AS pad"

// proxied returns a configuration of the shared test server through a new proxy, with short
// timeouts, and the proxy.
func proxied(t *testing.T) (neo4j.Config, *proxy) {
	t.Helper()
	cfg := sharedConfig(t)
	u, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "bolt" && u.Scheme != "neo4j" {
		t.Skipf("the proxy forwards plain Bolt only; %s uses TLS", cfg.URI)
	}
	p := newProxy(t, u.Host)
	cfg.URI = "bolt://" + p.addr
	return cfg, p
}

// checkUnavailable fails unless err is kg.ErrUnavailable, names the URI of cfg and hides the
// password.
func checkUnavailable(t *testing.T, err error, cfg neo4j.Config) {
	t.Helper()
	if !errors.Is(err, kg.ErrUnavailable) {
		t.Errorf("got %v, want kg.ErrUnavailable", err)
	}
	checkMessage(t, err, cfg)
}

// within fails unless d is at most max: the bound on failure latency that the configuration
// promises.
func within(t *testing.T, what string, d, max time.Duration) {
	t.Helper()
	if d > max {
		t.Errorf("%s took %s, want at most %s", what, d.Round(time.Millisecond), max)
	}
}

// faults are the ways the proxy breaks connections, with the number of bytes cut lets through.
var faults = map[string]struct {
	mode faultMode
	n    int
}{
	"Refuse": {mode: refuse},
	"Reset":  {mode: reset},
	"Stall":  {mode: stall},
	"Cut":    {mode: cut, n: 64 << 10},
}

// TestFaultsWhileServing breaks the connections of an open store: each call fails with
// kg.ErrUnavailable within Config.QueryTimeout, naming the URI and not the password, and the store
// serves again, without being reopened, once the network passes again.
func TestFaultsWhileServing(t *testing.T) {
	for name, f := range faults {
		for pathName, run := range paths {
			t.Run(name+"/"+pathName, func(t *testing.T) {
				cfg, p := proxied(t)
				s := mustOpenConfig(t, cfg)
				ctx := context.Background()
				if n, err := run(s, ctx, bigResult); err != nil || n != 5000 {
					t.Fatalf("before the fault: got %d records, %v; want 5000, nil", n, err)
				}

				p.set(f.mode, f.n)
				start := time.Now()
				n, err := run(s, ctx, bigResult)
				within(t, "a call during the fault", time.Since(start), cfg.QueryTimeout+time.Second)
				t.Logf("%s: %d records, %v", f.mode, n, err)
				checkUnavailable(t, err, cfg)
				if f.mode != cut { // Stats's answer is shorter than what cut lets through
					start = time.Now()
					_, err = s.Stats(ctx)
					within(t, "Stats during the fault", time.Since(start), cfg.QueryTimeout+time.Second)
					checkUnavailable(t, err, cfg)
				}

				p.set(pass, 0)
				deadline := time.Now().Add(cfg.QueryTimeout + 5*time.Second)
				for n, err = run(s, ctx, bigResult); err != nil && time.Now().Before(deadline); n, err = run(s, ctx, bigResult) {
					time.Sleep(100 * time.Millisecond)
				}
				if err != nil || n != 5000 {
					t.Fatalf("after the fault: got %d records, %v; want 5000, nil", n, err)
				}
			})
		}
	}
}

// TestOpenFaults opens the store through a broken network: Open fails with kg.ErrUnavailable
// within the time it is given (ConnectTimeout to connect, QueryTimeout for its first query).
func TestOpenFaults(t *testing.T) {
	for name, f := range faults {
		if f.mode == cut {
			f.n = 0 // the server's connections close at once
		}
		t.Run(name, func(t *testing.T) {
			cfg, p := proxied(t)
			p.set(f.mode, f.n)
			start := time.Now()
			s, err := neo4j.Open(context.Background(), cfg)
			if err == nil {
				s.Close(context.Background())
				t.Fatal("Open succeeded")
			}
			within(t, "Open", time.Since(start), cfg.ConnectTimeout+cfg.QueryTimeout+time.Second)
			checkUnavailable(t, err, cfg)
			t.Logf("%s", err)
		})
	}
}

func TestOpenBadConfig(t *testing.T) {
	for name, uri := range map[string]string{"Empty": "", "NoHost": "localhost", "BadScheme": "http://localhost:7474"} {
		if _, err := neo4j.Open(context.Background(), neo4j.Config{URI: uri}); err == nil || errors.Is(err, kg.ErrUnavailable) {
			t.Errorf("%s: Open(%q) = %v, want an error that is not ErrUnavailable", name, uri, err)
		}
	}
	const secret = "s3cret-password-never-shown"
	if s := (neo4j.Config{URI: "neo4j://u:p@host:7687", Password: secret}).String(); strings.Contains(s, secret) || strings.Contains(s, ":p@") {
		t.Errorf("Config.String shows a password: %s", s)
	}
}

func TestWaitFor(t *testing.T) {
	t.Run("GivesUp", func(t *testing.T) {
		cfg, p := proxied(t)
		p.set(refuse, 0)
		var log logBuffer
		const wait = 1500 * time.Millisecond
		start := time.Now()
		_, err := neo4j.WaitFor(context.Background(), cfg, wait, &log)
		within(t, "WaitFor", time.Since(start), wait+cfg.ConnectTimeout+cfg.QueryTimeout+time.Second)
		checkUnavailable(t, err, cfg)
		if !log.contains("attempt 1") {
			t.Errorf("no progress reported: %q", log.String())
		}
	})
	t.Run("ServerComesUp", func(t *testing.T) {
		cfg, p := proxied(t)
		p.set(refuse, 0)
		time.AfterFunc(time.Second, func() { p.set(pass, 0) })
		var log logBuffer
		s, err := neo4j.WaitFor(context.Background(), cfg, 20*time.Second, &log)
		if err != nil {
			t.Fatalf("WaitFor: %v\n%s", err, log.String())
		}
		defer s.Close(context.Background())
		if _, err := s.Stats(context.Background()); err != nil {
			t.Errorf("Stats: %v", err)
		}
	})
}

// TestOpenConfigErrors opens the real server with a configuration that waiting cannot cure: Open
// fails with an error that says what to check, and WaitFor gives up at once instead of retrying.
func TestOpenConfigErrors(t *testing.T) {
	tests := map[string]struct {
		change func(*neo4j.Config)
		want   error
		hint   string
	}{
		"WrongPassword":   {func(c *neo4j.Config) { c.Password = "s3cret-password-never-shown" }, neo4j.ErrUnauthorized, "NEO4J_PASSWORD"},
		"UnknownDatabase": {func(c *neo4j.Config) { c.Database = "nosuchdatabase" }, neo4j.ErrDatabaseNotFound, "NEO4J_DATABASE"},
	}
	for name, tt := range tests {
		for _, scheme := range []string{"bolt", "neo4j"} {
			t.Run(name+"/"+scheme, func(t *testing.T) {
				good := sharedConfig(t)
				if !strings.HasPrefix(good.URI, "bolt://") && !strings.HasPrefix(good.URI, "neo4j://") {
					t.Skipf("%s is not a plain Bolt URI", good.URI)
				}
				cfg := good
				cfg.URI = scheme + "://" + strings.SplitN(good.URI, "://", 2)[1]
				tt.change(&cfg)
				if name == "WrongPassword" {
					t.Cleanup(func() { waitForLogin(t, good) })
				}
				_, err := neo4j.Open(context.Background(), cfg)
				if !errors.Is(err, tt.want) {
					t.Fatalf("Open: got %v, want %v", err, tt.want)
				}
				checkUnavailable(t, err, cfg)
				if strings.Contains(err.Error(), good.Password) {
					t.Errorf("error %q shows the right password", err)
				}
				if !strings.Contains(err.Error(), tt.hint) {
					t.Errorf("error %q does not say to check %s", err, tt.hint)
				}

				var log logBuffer
				start := time.Now()
				_, err = neo4j.WaitFor(context.Background(), cfg, 30*time.Second, &log)
				if !errors.Is(err, tt.want) {
					t.Errorf("WaitFor: got %v, want %v", err, tt.want)
				}
				within(t, "WaitFor", time.Since(start), cfg.ConnectTimeout+cfg.QueryTimeout+time.Second)
				if log.contains("attempt") {
					t.Errorf("WaitFor retried:\n%s", log.String())
				}
			})
		}
	}
}

// waitForLogin waits until the right credentials work again: after failed logins Neo4j refuses
// every login of that user for a while (dbms.security.auth_lock_time, 5s by default), and the
// tests that follow need it.
func waitForLogin(t *testing.T, cfg neo4j.Config) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		s, err := neo4j.Open(context.Background(), cfg)
		if err == nil {
			s.Close(context.Background())
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("the right credentials still fail: %v", err)
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func TestQueriesCounted(t *testing.T) {
	s := mustOpenConfig(t, sharedConfig(t))
	ctx := context.Background()
	n := s.Queries()
	for range 3 {
		if _, err := s.Stats(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Queries() - n; got != 3 {
		t.Errorf("got %d queries counted for 3 calls, want 3", got)
	}
}
