package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/internal/testenv"
)

// TestAttackWrk runs wrk against a real HTTP server that answers one of three bodies with
// GraphQL errors, and checks that every body is sent byte for byte (one holds "]=]", which
// would close a Lua long string of level 1), that the errors are counted and left out of the
// rate, and that the latency is reported under the phase's name.
func TestAttackWrk(t *testing.T) {
	testenv.Short(t, "wrk")
	if _, err := exec.LookPath("wrk"); err != nil {
		testenv.Missing(t, "wrk is not installed (apt-get install wrk)")
	}
	reqs := []bench.Request{
		{Name: "Search", Body: []byte(`{"query":"{ a }"}`)},
		{Name: "Search", Body: []byte(`{"query":"{ b(text: \"]=] ]==]\") }"}`)},
		{Name: "Search", Body: []byte(`{"query":"{ bad }"}`)},
	}
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen[string(body)]++
		mu.Unlock()
		if r.Header.Get("Cache-Control") != "no-cache" || r.Method != http.MethodPost {
			http.Error(w, "want an uncached POST", http.StatusBadRequest)
			return
		}
		if bytes.Contains(body, []byte("bad")) {
			_, _ = io.WriteString(w, `{"errors":[{"message":"no"}],"data":null}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":{}}`)
	}))
	defer srv.Close()

	p, err := attackWrk(context.Background(), t.TempDir(), target{name: "test", url: srv.URL}, "Search", reqs, 2, time.Second, false)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, r := range reqs {
		if seen[string(r.Body)] == 0 {
			t.Errorf("server never saw %s", r.Body)
		}
	}
	if len(seen) != len(reqs) {
		t.Fatalf("server saw %d distinct bodies, want the %d sent", len(seen), len(reqs))
	}
	total := seen[string(reqs[0].Body)] + seen[string(reqs[1].Body)] + seen[string(reqs[2].Body)]
	bad := seen[string(reqs[2].Body)]
	if p.errors == 0 || p.errors > bad+4 || p.errors < bad-4 {
		t.Errorf("errors = %d, want the %d answers with GraphQL errors (of %d)", p.errors, bad, total)
	}
	if p.rps <= 0 {
		t.Errorf("rps = %v, want > 0", p.rps)
	}
	if q, ok := p.latency["Search"]; !ok || q[0] <= 0 || q[0] > q[1] || q[1] > q[2] {
		t.Errorf("latency = %v, want increasing p50, p99, p99.9 under Search", p.latency)
	}
}
