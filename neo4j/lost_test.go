package neo4j_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/internal/testenv"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest"
	"github.com/drugwatch/roundtable-kg/web"
)

// startOwn starts a Neo4j server of the test's own, which it may stop and restart, and closes it at
// the end of the test.
func startOwn(t *testing.T) *neo4jtest.Server {
	t.Helper()
	if os.Getenv("NEO4J_URI") != "" {
		t.Skip("stops and restarts Neo4j: needs a server the tests start, not NEO4J_URI")
	}
	testenv.Short(t, "Neo4j")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	srv, err := neo4jtest.Start(ctx)
	if errors.Is(err, neo4jtest.ErrNoJava) {
		testenv.Missing(t, err.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
	})
	return srv
}

// TestLostServer stops Neo4j under our running HTTP server (the real handler over the store) and
// starts it again: while it is down, /readyz answers 503 and GraphQL queries SERVICE_UNAVAILABLE,
// each within the configured timeouts; once it is back, both serve again without our server or
// the store being restarted. Both URI schemes are tried, routing (neo4j://) and direct (bolt://).
func TestLostServer(t *testing.T) {
	own := startOwn(t)
	ctx := context.Background()
	cfg := neo4j.Config{URI: own.URI, Username: own.Username, Password: own.Password,
		ConnectTimeout: 2 * time.Second, QueryTimeout: 5 * time.Second, RetryTime: 300 * time.Millisecond}
	seedStore := mustOpenConfig(t, cfg)
	if err := seedStore.Seed(ctx, mustDataset(t), neo4j.SeedOptions{}, tbWriter{t}); err != nil {
		t.Fatal(err)
	}

	type api struct {
		cfg   neo4j.Config
		store *neo4j.Store
		http  *httptest.Server
	}
	apis := map[string]*api{}
	for _, scheme := range []string{"bolt", "neo4j"} {
		c := cfg
		c.URI = scheme + "://" + strings.SplitN(cfg.URI, "://", 2)[1]
		s := mustOpenConfig(t, c)
		h := httptest.NewServer(web.NewHandler(web.Options{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
		t.Cleanup(h.Close)
		apis[scheme] = &api{cfg: c, store: s, http: h}
	}
	// The bound on a failing request: Ready or one query, with the time to learn that the
	// connection is gone.
	bound := cfg.QueryTimeout + time.Second

	for scheme, a := range apis {
		if code, body := get(t, a.http.URL+"/readyz"); code != http.StatusOK {
			t.Fatalf("%s: /readyz before the stop: got %d %s, want 200", scheme, code, body)
		}
		if code, errs := stats(t, a.http.URL); code != "" {
			t.Fatalf("%s: stats before the stop: got %s %v, want no error", scheme, code, errs)
		}
	}

	if err := own.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	for scheme, a := range apis {
		start := time.Now()
		code, body := get(t, a.http.URL+"/readyz")
		within(t, scheme+": /readyz with Neo4j down", time.Since(start), bound)
		if code != http.StatusServiceUnavailable {
			t.Errorf("%s: /readyz with Neo4j down: got %d %s, want 503", scheme, code, body)
		}
		start = time.Now()
		gqlCode, errs := stats(t, a.http.URL)
		within(t, scheme+": a query with Neo4j down", time.Since(start), bound)
		if gqlCode != "SERVICE_UNAVAILABLE" {
			t.Errorf("%s: a query with Neo4j down: got code %q %v, want SERVICE_UNAVAILABLE", scheme, gqlCode, errs)
		}
		start = time.Now()
		_, err := a.store.Stats(ctx)
		within(t, scheme+": Stats with Neo4j down", time.Since(start), bound)
		checkUnavailable(t, err, a.cfg)
		t.Logf("%s: %v", scheme, err)
	}

	if err := own.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	for scheme, a := range apis {
		deadline := time.Now().Add(30 * time.Second)
		code, body := get(t, a.http.URL+"/readyz")
		for ; code != http.StatusOK && time.Now().Before(deadline); code, body = get(t, a.http.URL+"/readyz") {
			time.Sleep(200 * time.Millisecond)
		}
		if code != http.StatusOK {
			t.Errorf("%s: /readyz after the restart: got %d %s, want 200", scheme, code, body)
		}
		if code, errs := stats(t, a.http.URL); code != "" {
			t.Errorf("%s: stats after the restart: got %s %v, want no error", scheme, code, errs)
		}
		if _, err := a.store.Stats(ctx); err != nil {
			t.Errorf("%s: Stats after the restart: %v", scheme, err)
		}
	}
}

// get returns the status and body of a GET request.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// stats asks the GraphQL endpoint for the graph's statistics and returns the code of the first
// error (empty when none) and the errors.
func stats(t *testing.T, base string) (string, []json.RawMessage) {
	t.Helper()
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ stats { entities relationships } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data *struct {
			Stats *struct{ Entities, Relationships int }
		}
		Errors []json.RawMessage
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("status %d: %v", resp.StatusCode, err)
	}
	if len(r.Errors) == 0 {
		if r.Data == nil || r.Data.Stats == nil || r.Data.Stats.Entities == 0 {
			t.Errorf("no error and no stats: %+v", r.Data)
		}
		return "", nil
	}
	var first struct{ Extensions struct{ Code string } }
	if err := json.Unmarshal(r.Errors[0], &first); err != nil {
		t.Fatal(err)
	}
	return first.Extensions.Code, r.Errors
}
