package hostile_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/hostile"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest"
)

// The bounds asserted, whatever the speed of the machine.
const (
	// maxRSS is the most resident memory the server may reach under any attack, with its
	// default settings.
	maxRSS = 512 << 20
	// killRSS is where the watch kills a server that grows without bound, so that the test
	// does not take the machine down with it.
	killRSS = 1 << 30
	// maxCPUAfter is the most CPU time the server may use in the AfterWindow (2 s) that starts
	// 100 ms after the last answer: the work of the answered requests has stopped.
	maxCPUAfter = 500 * time.Millisecond
	// maxStoreCPUAfter is the same for Neo4j's JVM, whose collector and background threads
	// run on their own.
	maxStoreCPUAfter = time.Second
	// maxExtraGoroutines is how many more goroutines than before the attack the server may
	// have once it is over.
	maxExtraGoroutines = 20
	// maxCheapP50 is a sanity bound on the median latency of the cheap query during an
	// attack, far above the 50 ms aimed at: timings are logged, not asserted tight, on a
	// shared machine.
	maxCheapP50 = time.Second
	// attackFor is how long the clients of an attack start new requests.
	attackFor = 3 * time.Second
)

var build struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := neo4jtest.Main(m)
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

// serverBinary builds the server once per test binary.
func serverBinary(t *testing.T) string {
	t.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "hostile-")
		if build.err == nil {
			build.bin, build.err = hostile.Build("..", build.dir)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

// store is the graph store a server runs on.
type store struct {
	name string
	env  []string
	// pid is Neo4j's process when the tests started it, else 0.
	pid int
}

// start runs the server on st until the end of the test, logging its output if the test fails;
// files, when given, is its limit of open files.
func start(t *testing.T, st store, files ...int) *hostile.Server {
	t.Helper()
	s, err := hostile.StartWithFileLimit(serverBinary(t), st.env, append(files, 0)[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			log := s.Log()
			if len(log) > 3000 {
				log = log[len(log)-3000:]
			}
			t.Logf("the end of the server's log:\n%s", log)
		}
	})
	return s
}

func TestEmbedded(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile suite runs for a minute or two")
	}
	suite(t, store{name: "embedded", env: hostile.Env()})
}

var seeded struct {
	once sync.Once
	err  error
}

func TestNeo4j(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile suite runs for a minute or two")
	}
	srv := neo4jtest.Shared(t)
	env := hostile.Env("NEO4J_URI="+srv.URI, "NEO4J_USERNAME="+srv.Username, "NEO4J_PASSWORD="+srv.Password,
		"NEO4J_DATABASE="+srv.Database)
	seeded.once.Do(func() {
		args := []string{"seed"}
		if !srv.Started() {
			args = append(args, "-reset", "-yes") // a database given to the tests is theirs to wipe
		}
		cmd := exec.Command(serverBinary(t), args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			seeded.err = fmt.Errorf("seed Neo4j: %w\n%s", err, out)
		}
	})
	if seeded.err != nil {
		t.Fatal(seeded.err)
	}
	suite(t, store{name: "neo4j", env: env, pid: srv.PID()})
}

// suite runs every attack, each on a server of its own, then the checks of connections and
// error answers.
func suite(t *testing.T, st store) {
	for _, a := range hostile.Attacks() {
		t.Run(a.Name, func(t *testing.T) { attack(t, st, a) })
	}
	t.Run("idle-connections", func(t *testing.T) { idleConnections(t, st) })
	t.Run("stalled-body", func(t *testing.T) {
		t.Parallel()
		stalledBody(t, st)
	})
	t.Run("export-errors", func(t *testing.T) {
		t.Parallel()
		exportErrors(t, st)
	})
	t.Run("http-surface", func(t *testing.T) {
		t.Parallel()
		httpSurface(t, st)
	})
}

// httpSurface checks what issue 16 asks of the rest of the HTTP surface: HEAD where GET is
// served, 405 with Allow for other methods, no directory listings, and complete
// Content-Security-Policies on the pages.
func httpSurface(t *testing.T, st store) {
	s := start(t, st)
	do := func(method, path string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, s.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return resp, body
	}
	for _, path := range []string{"/graphql?query=%7B+dataVersion+%7D", "/schema.graphql", "/healthz", "/explore/", "/"} {
		if resp, _ := do(http.MethodHead, path); resp.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: %d, want 200 as for GET", path, resp.StatusCode)
		}
	}
	for _, c := range []struct{ method, path string }{{http.MethodPut, "/graphql"}, {http.MethodDelete, "/healthz"}, {http.MethodPost, "/schema.graphql"}} {
		resp, _ := do(c.method, c.path)
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") == "" {
			t.Errorf("%s %s: %d with Allow %q, want 405 with Allow", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	if resp, body := do(http.MethodGet, "/explore/vendor/"); resp.StatusCode == http.StatusOK && strings.Contains(string(body), "<a href=") {
		t.Errorf("GET /explore/vendor/ lists a directory: %.300s", body)
	}
	for _, path := range []string{"/", "/explore/"} {
		resp, _ := do(http.MethodGet, path)
		csp := resp.Header.Get("Content-Security-Policy")
		for _, directive := range []string{"frame-ancestors", "base-uri", "form-action"} {
			if !strings.Contains(csp, directive) {
				t.Errorf("GET %s: Content-Security-Policy %q without %s", path, csp, directive)
			}
		}
	}
}

// attack runs a on a new server and asserts what must hold whatever the machine's speed.
func attack(t *testing.T, st store, a hostile.Attack) {
	s := start(t, st)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r := hostile.Run(ctx, s.URL, a, hostile.Options{Duration: attackFor, PID: s.PID(), StorePID: st.pid,
		KillRSS: killRSS, Kill: s.Kill})
	t.Logf("%s (%s)\n%s", a.What, st.name, r)
	if r.Killed {
		t.Errorf("the server's resident memory passed %d MiB: the watch killed it", killRSS>>20)
	} else if !s.Alive() {
		t.Errorf("the server died: %s", s.ExitState())
	}
	if r.Problems > 0 {
		t.Errorf("%d answers are not GraphQL answers; e.g. %s", r.Problems, strings.Join(r.Examples, " | "))
	}
	if r.PeakRSS > maxRSS {
		t.Errorf("peak resident memory %d MiB, want under %d MiB", r.PeakRSS>>20, maxRSS>>20)
	}
	if r.Killed {
		return // nothing after the answers to measure
	}
	if r.CPUAfter > maxCPUAfter {
		t.Errorf("the server used %.2f s of CPU in the %s from 100 ms after the last answer, want under %s: the work of answered requests goes on",
			r.CPUAfter.Seconds(), hostile.AfterWindow, maxCPUAfter)
	}
	if st.pid != 0 && r.StoreCPUAfter > maxStoreCPUAfter {
		t.Errorf("Neo4j used %.2f s of CPU in the %s from 100 ms after the last answer, want under %s: statements of answered requests go on",
			r.StoreCPUAfter.Seconds(), hostile.AfterWindow, maxStoreCPUAfter)
	}
	if r.GoroutinesBefore < 0 || r.GoroutinesAfter < 0 {
		t.Errorf("goroutines unreadable from /metrics: %d before, %d after", r.GoroutinesBefore, r.GoroutinesAfter)
	} else if r.GoroutinesAfter > r.GoroutinesBefore+maxExtraGoroutines {
		t.Errorf("%d goroutines %s after the last answer, %d before: want at most %d more",
			r.GoroutinesAfter, hostile.AfterWindow+100*time.Millisecond, r.GoroutinesBefore, maxExtraGoroutines)
	}
	if len(r.Unexpected) > 0 {
		t.Errorf("errors with codes %v, want only %v for a request over its budget", r.Unexpected, hostile.BudgetCodes)
	}
	if r.BadHeaders > 0 {
		t.Errorf("%d error answers with wrong headers; e.g. %s", r.BadHeaders, strings.Join(r.HeaderExamples, " | "))
	}
	if p50 := hostile.Percentile(r.Cheap, 0.5); p50 > maxCheapP50 {
		t.Errorf("the cheap query's p50 during the attack is %s, want under %s (aimed at: 50 ms)", p50, maxCheapP50)
	}
	if r.CheapFailed > 0 {
		t.Errorf("%d cheap queries failed during the attack", r.CheapFailed)
	}
}

// idleConnections holds more idle keep-alive connections than the server may open files (its
// limit set to filesLimit from its start, as on a host whose limit is that), then asks as new
// clients.
func idleConnections(t *testing.T, st store) {
	const (
		filesLimit = 4096
		idle       = 5000
		newClients = 5
	)
	s := start(t, st, filesLimit)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	before, _ := hostile.Metric(ctx, s.URL, "go_goroutines")
	held := hostile.HoldIdle(ctx, strings.TrimPrefix(s.URL, "http://"), idle)
	defer held.Close()
	rss, _, err := hostile.Memory(s.PID())
	if err != nil {
		t.Fatal(err)
	}
	took, failed := hostile.NewClients(ctx, s.URL, newClients, 3*time.Second)
	t.Logf("%s: the server's open files limited to %d; %d of %d idle keep-alive connections held (refused: %v); resident memory %d MiB; goroutines %.0f before",
		st.name, filesLimit, held.Held, idle, held.Failed, rss>>20, before)
	t.Logf("new clients meanwhile: %d answered, p50 %s, max %s; failed: %v", len(took),
		hostile.Percentile(took, 0.5), hostile.Percentile(took, 1), failed)
	if len(failed) > 0 {
		t.Errorf("with %d idle connections open, %d of %d new clients got no answer within 3 s: %v", held.Held, len(failed), newClients, failed)
	}
	if rss > maxRSS {
		t.Errorf("resident memory %d MiB with %d idle connections, want under %d MiB", rss>>20, held.Held, maxRSS>>20)
	}
	if !s.Alive() {
		t.Errorf("the server died: %s", s.ExitState())
	}
}

// stalledBody sends the headers of a POST and part of its body, then nothing: the answer, when
// the server gives up, is a GraphQL error that does not hold the connection's addresses.
func stalledBody(t *testing.T, st store) {
	s := start(t, st)
	addr := strings.TrimPrefix(s.URL, "http://")
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(40 * time.Second))
	_, err = fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\": \"{ data", addr)
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled body after %s: %v", time.Since(begin).Round(time.Millisecond), err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: a stalled body answered after %s: %d %s", st.name, time.Since(begin).Round(time.Millisecond), resp.StatusCode, body)
	codes, problem := hostile.Check(resp.StatusCode, body)
	if problem != "" {
		t.Error(problem)
	} else if len(codes) == 0 {
		t.Errorf("no error for a stalled body: %s", body)
	}
	if p := hostile.HeaderProblem(resp.Header); p != "" && len(codes) > 0 {
		t.Errorf("headers of the error: %s", p)
	}
}

// echo matches the inputs of exportErrors in an answer.
var echo = regexp.MustCompile(`zq9|hostile|(^|[^0-9a-fA-F])99([^0-9a-fA-F]|$)`)

// exportErrors asks for exports with a bad format, id and depth: each answer is a GraphQL-style
// JSON error with a code, that shared caches do not keep, and that does not echo the input.
func exportErrors(t *testing.T, st store) {
	s := start(t, st)
	const marker = "zq9<b>hostile</b>"
	for name, path := range map[string]string{
		"format":   "/export/" + url.PathEscape(marker),
		"id":       "/export/json?id=" + url.QueryEscape(marker),
		"depth":    "/export/json?depth=" + url.QueryEscape(marker),
		"depth-99": "/export/json?id=canada&depth=99",
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := http.Get(s.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %s: %d %s %s", st.name, path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("status %d, want 4xx", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			codes, problem := hostile.Check(resp.StatusCode, body)
			if problem != "" {
				t.Error(problem)
			} else if len(codes) == 0 {
				t.Errorf("no error: %s", body)
			}
			if echo.Match(body) {
				t.Errorf("the answer echoes the input (%s): %s", echo.Find(body), body)
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
		})
	}
}
