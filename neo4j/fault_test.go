package neo4j_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j"
)

const secret = "s3cret-password-never-shown"

func testConfig(uri string) neo4j.Config {
	return neo4j.Config{
		URI: uri, Username: "neo4j", Password: secret,
		ConnectTimeout: time.Second, QueryTimeout: 2 * time.Second, RetryTime: 300 * time.Millisecond,
	}
}

// closedPort returns an address on which nothing listens.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// listener accepts connections and hands each to handle, until the test ends.
func listener(t *testing.T, handle func(net.Conn)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
			handle(c)
		}
	}()
	return ln.Addr().String()
}

// checkUnavailable fails unless err is kg.ErrUnavailable, names uri and hides the password.
func checkUnavailable(t *testing.T, err error, uri string) {
	t.Helper()
	if !errors.Is(err, kg.ErrUnavailable) {
		t.Errorf("err = %v, want kg.ErrUnavailable", err)
	}
	if err != nil && !strings.Contains(err.Error(), uri) {
		t.Errorf("error %q does not name %s", err, uri)
	}
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Errorf("error shows the password: %q", err)
	}
}

func TestOpenFaults(t *testing.T) {
	tests := map[string]struct {
		addr func(t *testing.T) string
		max  time.Duration
	}{
		"ClosedPort": {closedPort, 10 * time.Second},
		"AcceptAndClose": {func(t *testing.T) string {
			return listener(t, func(c net.Conn) { c.Close() })
		}, 10 * time.Second},
		// The server accepts the connection but never answers the Bolt handshake: Open must give up
		// after ConnectTimeout (1s here), not hang.
		"AcceptAndNeverAnswer": {func(t *testing.T) string {
			return listener(t, func(net.Conn) {})
		}, 4 * time.Second},
	}
	for name, tt := range tests {
		for _, scheme := range []string{"bolt", "neo4j"} {
			t.Run(name+"/"+scheme, func(t *testing.T) {
				uri := scheme + "://" + tt.addr(t)
				start := time.Now()
				s, err := neo4j.Open(context.Background(), testConfig(uri))
				if err == nil {
					s.Close(context.Background())
					t.Fatal("Open succeeded")
				}
				if d := time.Since(start); d > tt.max {
					t.Errorf("Open took %s, want at most %s", d, tt.max)
				}
				checkUnavailable(t, err, uri)
				t.Logf("%s", err)
			})
		}
	}
}

func TestOpenRejectedCredentials(t *testing.T) {
	srv := newBoltServer(t, graphAnswer)
	srv.set(func(s *boltServer) { s.rejectAuth = true })
	uri := "bolt://" + srv.addr
	_, err := neo4j.Open(context.Background(), testConfig(uri))
	if !errors.Is(err, neo4j.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	checkUnavailable(t, err, uri)
	if !strings.Contains(err.Error(), "credentials") {
		t.Errorf("error %q does not say the credentials were rejected", err)
	}

	// Waiting does not cure wrong credentials: WaitFor gives up at once.
	start := time.Now()
	var log logBuffer
	if _, err := neo4j.WaitFor(context.Background(), testConfig(uri), 30*time.Second, &log); !errors.Is(err, neo4j.ErrUnauthorized) {
		t.Errorf("WaitFor: err = %v, want ErrUnauthorized", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("WaitFor retried rejected credentials for %s", d)
	}
}

func TestOpenBadConfig(t *testing.T) {
	for name, uri := range map[string]string{"Empty": "", "NoHost": "localhost", "BadScheme": "http://localhost:7474"} {
		if _, err := neo4j.Open(context.Background(), neo4j.Config{URI: uri}); err == nil || errors.Is(err, kg.ErrUnavailable) {
			t.Errorf("%s: Open(%q) = %v, want an error that is not ErrUnavailable", name, uri, err)
		}
	}
	if s := (neo4j.Config{URI: "neo4j://u:p@host:7687", Password: secret}).String(); strings.Contains(s, secret) || strings.Contains(s, ":p@") {
		t.Errorf("Config.String shows a password: %s", s)
	}
}

func TestWaitFor(t *testing.T) {
	t.Run("GivesUp", func(t *testing.T) {
		uri := "bolt://" + closedPort(t)
		var log logBuffer
		start := time.Now()
		_, err := neo4j.WaitFor(context.Background(), testConfig(uri), 1500*time.Millisecond, &log)
		checkUnavailable(t, err, uri)
		if d := time.Since(start); d < time.Second || d > 6*time.Second {
			t.Errorf("WaitFor gave up after %s, want about 1.5s", d)
		}
		if !log.contains("attempt 1") {
			t.Errorf("no progress reported: %q", log.String())
		}
	})
	t.Run("ServerComesUp", func(t *testing.T) {
		srv := newBoltServer(t, graphAnswer)
		srv.stop()
		time.AfterFunc(time.Second, srv.restart)
		var log logBuffer
		s, err := neo4j.WaitFor(context.Background(), testConfig("neo4j://"+srv.addr), 20*time.Second, &log)
		if err != nil {
			t.Fatalf("WaitFor: %v\n%s", err, log.String())
		}
		defer s.Close(context.Background())
		if err := s.Ready(context.Background()); err != nil {
			t.Errorf("Ready: %v", err)
		}
	})
}

// TestLostServer serves from a Bolt server that dies, comes back, then stops answering: calls
// must fail fast with kg.ErrUnavailable while it is away, Ready must say so, and service must
// resume by itself when it returns.
func TestLostServer(t *testing.T) {
	for _, scheme := range []string{"bolt", "neo4j"} {
		t.Run(scheme, func(t *testing.T) {
			srv := newBoltServer(t, graphAnswer)
			uri := scheme + "://" + srv.addr
			cfg := testConfig(uri)
			ctx := context.Background()
			s, err := neo4j.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(ctx)
			if v, err := s.DataVersion(ctx); err != nil || v != "v1" {
				t.Fatalf("DataVersion = %q, %v; want v1", v, err)
			}
			if q, _ := srv.lastQuery(); !strings.Contains(q, "GraphMeta") {
				t.Errorf("last statement %q, want the version query", q)
			}

			srv.stop()
			start := time.Now()
			err = s.Ready(ctx)
			checkUnavailable(t, err, uri)
			t.Logf("server down: Ready failed in %s: %v", time.Since(start), err)
			if d := time.Since(start); d > cfg.QueryTimeout+time.Second {
				t.Errorf("Ready took %s with the server down, want at most the query timeout %s", d, cfg.QueryTimeout)
			}
			if _, err := s.Stats(ctx); !errors.Is(err, kg.ErrUnavailable) {
				t.Errorf("Stats with the server down: err = %v, want kg.ErrUnavailable", err)
			}

			srv.restart()
			start = time.Now()
			deadline := time.Now().Add(10 * time.Second)
			for err = s.Ready(ctx); err != nil && time.Now().Before(deadline); err = s.Ready(ctx) {
				time.Sleep(200 * time.Millisecond)
			}
			if err != nil {
				t.Fatalf("Ready after the server came back: %v", err)
			}
			t.Logf("server back: Ready again after %s", time.Since(start))

			// The server keeps the connections open but stops answering.
			srv.set(func(s *boltServer) { s.silent = true })
			start = time.Now()
			err = s.Ready(ctx)
			checkUnavailable(t, err, uri)
			t.Logf("server silent: Ready failed in %s: %v", time.Since(start), err)
			if d := time.Since(start); d > cfg.QueryTimeout+time.Second {
				t.Errorf("Ready took %s against a silent server, want at most the query timeout %s", d, cfg.QueryTimeout)
			}
			srv.set(func(s *boltServer) { s.silent = false })
		})
	}
}

func TestQueriesCounted(t *testing.T) {
	srv := newBoltServer(t, graphAnswer)
	ctx := context.Background()
	s, err := neo4j.Open(ctx, testConfig("bolt://"+srv.addr))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	n := s.Queries()
	for range 3 {
		if err := s.Ready(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Queries() - n; got != 3 {
		t.Errorf("%d queries counted for 3 calls, want 3", got)
	}
}
