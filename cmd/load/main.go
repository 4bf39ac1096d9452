// Command load measures the GraphQL server under load on this machine, against a ceiling and a
// peer, in one run so that their ratios mean something on a shared machine.
//
// It builds and starts the real server (the main package) on 127.0.0.1, a ceiling (a plain
// net/http handler that writes the precomputed bytes of the same responses, in a process of its
// own) and, when bench/peer has its node_modules, the Node peers (Fastify with Mercurius and
// graphql-jit, and graphql-yoga, each with DataLoader, on the same data), whose answers it checks
// against ours first. It then sends each phase's requests for a fixed time at 1, 16 and 64
// connections to each of them in turn, several runs, and prints medians: requests per second,
// latency percentiles per query, and every figure as a ratio to the ceiling.
//
//	go run ./cmd/load                      # every phase, 3 runs of 2 s per point
//	go run ./cmd/load -phases EntityPage -conns 16,64 -runs 5 -duration 3s
//	go run ./cmd/load -scale 10000,100000,1000000   # synthetic graphs: load time, memory, p50
//	go run ./cmd/load -store neo4j                 # on Neo4j beside @neo4j/graphql (neo4jpeer.go)
//
// Phases: EntityPage (the entity page cycling through every organization, initiative and
// substance, bypassing the response cache), Mix (the whole mix of package bench, bypassing the
// cache), Cached (the entity page again, through the response cache), and those of phases.go:
// Variables (EntityPage under the name of what it measures: one document, varied variables) and
// NewDocuments (the entity page with a unique alias per request, uncached).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/seed/checked"
)

func main() {
	log.SetFlags(0)
	ceiling := flag.String("ceiling", "", "internal: serve the responses in this file as the ceiling")
	duration := flag.Duration("duration", 2*time.Second, "how long each point sends requests")
	runs := flag.Int("runs", 3, "runs of every point; the medians are printed")
	conns := flag.String("conns", "1,16,64", "comma-separated numbers of connections")
	phases := flag.String("phases", "EntityPage,Mix,Cached", "comma-separated phases: EntityPage, Search, Neighborhood, Path, Deep (each query alone), Mix, Cached, Variables, NewDocuments")
	driver := flag.String("driver", defaultDriver(), "load generator: wrk (when installed) or vegeta (in this process)")
	peerDir := flag.String("peer", "bench/peer", "directory of the Node peers; empty to leave them out")
	serverEnv := flag.String("server-env", "", "space-separated NAME=value pairs added to the server's environment, e.g. GOGC=100")
	serverArgs := flag.String("server-args", "", "space-separated flags added to the server's, e.g. -pprof 127.0.0.1:6060")
	serverSrc := flag.String("server-src", "", "directory of the server's main package to build; this module's when empty (to measure another version)")
	scaleSizes := flag.String("scale", "", "instead of the load: comma-separated sizes of synthetic graphs to load and query, e.g. 10000,100000,1000000")
	scaleRequests := flag.Int("scale-requests", 200, "requests per query and size with -scale")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *ceiling != "" {
		if err := serveCeiling(ctx, *ceiling); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *scaleSizes != "" {
		if err := scale(numbers("-scale", *scaleSizes), *scaleRequests); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *driver != "wrk" && *driver != "vegeta" {
		log.Fatalf("bad -driver %q: wrk or vegeta", *driver)
	}
	if *scaleStore == "neo4j" {
		// The project on Neo4j beside @neo4j/graphql (neo4jpeer.go): the queries are the phases.
		if !flagSet("phases") {
			*phases = strings.Join(bench.Names, ",")
		}
		if !flagSet("conns") {
			*conns = "1,16"
		}
	}
	counts := numbers("-conns", *conns)
	var err error
	cfg := config{
		duration: *duration, runs: *runs, conns: counts, phases: strings.Split(*phases, ","), peerDir: *peerDir, driver: *driver,
		serverEnv: strings.Fields(*serverEnv), serverArgs: strings.Fields(*serverArgs), serverSrc: *serverSrc,
	}
	if *scaleStore == "neo4j" {
		err = runNeo4j(ctx, cfg)
	} else {
		err = run(ctx, cfg)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// flagSet reports whether the command line set the flag.
func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// defaultDriver is wrk when it is installed (the tool BENCHMARKS.md's figures were taken with, and
// lighter than a Go load generator sharing the servers' cores), vegeta otherwise.
func defaultDriver() string {
	if _, err := exec.LookPath("wrk"); err == nil {
		return "wrk"
	}
	return "vegeta"
}

// numbers parses a flag's comma-separated positive numbers.
func numbers(name, list string) []int {
	var out []int
	for _, c := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			log.Fatalf("bad %s %q", name, list)
		}
		out = append(out, n)
	}
	return out
}

type config struct {
	duration time.Duration
	runs     int
	conns    []int
	phases   []string
	peerDir  string
	// driver is the load generator: "wrk" or "vegeta".
	driver string
	// serverEnv and serverArgs are added to the server's environment and flags.
	serverEnv, serverArgs []string
	// serverSrc is the directory of the server to build; the module root when empty.
	serverSrc string
}

// target is one server under test.
type target struct {
	name string
	url  string
}

// buildServer builds the server's main package, this module's at root or the one of -server-src,
// into dir, and returns the binary's path.
func buildServer(ctx context.Context, cfg config, root, dir string) (string, error) {
	bin := filepath.Join(dir, "server")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir, build.Stderr = root, os.Stderr
	if cfg.serverSrc != "" {
		build.Dir = cfg.serverSrc
	}
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("build the server: %w", err)
	}
	return bin, nil
}

func run(ctx context.Context, cfg config) error {
	root, dir, err := workspace("load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	ds, err := checked.Load()
	if err != nil {
		return err
	}
	mix, err := bench.NewMix(ds.Entities)
	if err != nil {
		return err
	}

	var procs []*exec.Cmd
	defer func() {
		for _, p := range procs {
			_ = p.Process.Kill() // the process may have exited already
			_ = p.Wait()         // its exit status is of no interest once killed
		}
	}()
	start := func(name string, cmd *exec.Cmd, prefix string) (target, error) {
		url, err := startProcess(cmd, prefix)
		if err != nil {
			return target{}, fmt.Errorf("start %s: %w", name, err)
		}
		procs = append(procs, cmd)
		return target{name: name, url: url}, nil
	}

	bin, err := buildServer(ctx, cfg, root, dir)
	if err != nil {
		return err
	}
	server := exec.CommandContext(ctx, bin, append([]string{"serve", "-addr", "127.0.0.1:0", "-log-level", "warn"}, cfg.serverArgs...)...)
	server.Env = append(os.Environ(), cfg.serverEnv...)
	ours, err := start("ours", server, "serving GraphQL at ")
	if err != nil {
		return err
	}
	ours.url = strings.Fields(ours.url)[0]

	responses, err := fetchAll(ours.url, mix)
	if err != nil {
		return err
	}
	if err := fetchTemplates(ours.url, mix, responses); err != nil {
		return err
	}
	file := filepath.Join(dir, "responses.json")
	if err := writeJSON(file, responses); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this command: %w", err)
	}
	ceiling, err := start("ceiling", exec.CommandContext(ctx, self, "-ceiling", file), "ceiling at ")
	if err != nil {
		return err
	}
	targets := []target{ceiling, ours}

	if cfg.peerDir != "" {
		peers, err := startPeers(ctx, root, dir, cfg.peerDir, ds, responses, start)
		if err != nil {
			return err
		}
		targets = append(targets, peers...)
	}

	fmt.Printf("load: %s, %d runs of %v per point, connections %v, server environment %q, flags %q, GOMAXPROCS %d\n\n",
		cfg.driver, cfg.runs, cfg.duration, cfg.conns, cfg.serverEnv, cfg.serverArgs, numCPU())
	for _, phase := range cfg.phases {
		reqs, cached, err := phaseRequests(phase, mix)
		if err != nil {
			return err
		}
		if cached {
			// Fill the cache first, as repeated reads would.
			if _, err := fetchAll(ours.url, bench.Mix{"EntityPage": reqs}); err != nil {
				return err
			}
		}
		for _, c := range cfg.conns {
			results := map[string][]point{}
			for range cfg.runs {
				for _, t := range targets {
					var p point
					var err error
					if cfg.driver == "wrk" {
						p, err = attackWrk(ctx, dir, t, phase, reqs, c, cfg.duration, cached)
					} else {
						p, err = attack(ctx, t, reqs, c, cfg.duration, cached)
					}
					if err != nil {
						return err
					}
					results[t.name] = append(results[t.name], p)
				}
			}
			report(os.Stdout, phase, c, targets, results)
		}
	}
	return nil
}

// phaseRequests returns the requests of a phase in the order to send them, and whether they may
// be answered from the response cache.
func phaseRequests(phase string, mix bench.Mix) ([]bench.Request, bool, error) {
	if slices.Contains(bench.Names, phase) {
		return mix[phase], false, nil
	}
	if reqs, ok := morePhases(phase, mix); ok {
		return reqs, false, nil
	}
	switch phase {
	case "Cached":
		return mix["EntityPage"], true, nil
	case "Mix":
		// Weights of a front end's traffic: mostly entity pages, then searches.
		weights := map[string]int{"EntityPage": 5, "Search": 2, "Neighborhood": 1, "Path": 1, "Deep": 1}
		var out []bench.Request
		next := map[string]int{}
		for range 200 {
			for _, name := range bench.Names {
				for range weights[name] {
					list := mix[name]
					out = append(out, list[next[name]%len(list)])
					next[name]++
				}
			}
		}
		return out, false, nil
	}
	return nil, false, fmt.Errorf("unknown phase %q", phase)
}

// point is the outcome of one attack on one target.
type point struct {
	rps      float64
	requests int // answered, errors included
	errors   int
	latency  map[string]quantiles // per query
}

// quantiles are the p50, p99 and p99.9 of latency.
type quantiles [3]time.Duration

// percentiles are the quantiles' levels, in their order.
var percentiles = [3]float64{0.5, 0.99, 0.999}

// attack sends reqs in a cycle over conns connections, each connection waiting for its response
// before sending the next request, for d.
func attack(ctx context.Context, t target, reqs []bench.Request, conns int, d time.Duration, cached bool) (point, error) {
	var i atomic.Uint64
	salt := attackSalt()
	header := http.Header{"Content-Type": {"application/json"}}
	if !cached {
		header.Set("Cache-Control", "no-cache")
	}
	targeter := func(tgt *vegeta.Target) error {
		n := i.Add(1) - 1
		r := reqs[n%uint64(len(reqs))]
		tgt.Method, tgt.URL, tgt.Body, tgt.Header = http.MethodPost, t.url+"?q="+r.Name, freshBody(r.Body, salt, n), header
		return nil
	}
	a := vegeta.NewAttacker(vegeta.Workers(uint64(conns)), vegeta.MaxWorkers(uint64(conns)),
		vegeta.Connections(conns), vegeta.MaxConnections(conns), vegeta.KeepAlive(true), vegeta.Timeout(10*time.Second))
	p := point{latency: map[string]quantiles{}}
	raw := map[string][]time.Duration{}
	var first, last time.Time
	n := 0
	for res := range a.Attack(targeter, vegeta.Rate{Freq: 0}, d, t.name) {
		if ctx.Err() != nil {
			a.Stop()
			continue
		}
		if first.IsZero() || res.Timestamp.Before(first) {
			first = res.Timestamp
		}
		if end := res.Timestamp.Add(res.Latency); end.After(last) {
			last = end
		}
		n++
		p.requests++
		if res.Code != http.StatusOK || res.Error != "" || strings.Contains(string(res.Body), `"errors"`) {
			p.errors++
			continue
		}
		name := res.URL[strings.LastIndex(res.URL, "?q=")+3:]
		raw[name] = append(raw[name], res.Latency)
	}
	if err := ctx.Err(); err != nil {
		return p, err
	}
	if n > 0 {
		p.rps = float64(n) / last.Sub(first).Seconds()
	}
	for name, l := range raw {
		slices.Sort(l)
		var q quantiles
		for i, level := range percentiles {
			q[i] = quantile(l, level)
		}
		p.latency[name] = q
	}
	return p, nil
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(int(q*float64(len(sorted))), len(sorted)-1)]
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// report prints one phase at one number of connections: medians over the runs, each rate with
// its ratio to the ceiling's and to each peer's (every target but the ceiling and ours).
func report(w io.Writer, phase string, conns int, targets []target, results map[string][]point) {
	var peers []string
	for _, t := range targets {
		if t.name != "ceiling" && t.name != "ours" {
			peers = append(peers, t.name)
		}
	}
	ratioHead := ""
	for _, p := range peers {
		ratioHead += fmt.Sprintf(" %10s", "/"+p)
	}
	fmt.Fprintf(w, "## %s, %d connections (medians of %d runs)\n", phase, conns, len(results["ours"]))
	fmt.Fprintf(w, "%-9s %10s %8s%s %7s  %-13s %9s %9s %9s  %s\n", "server", "req/s", "/ceiling", ratioHead, "errors", "query", "p50 ms", "p99 ms", "p99.9 ms", "p50, p99 /ceiling")
	rps := func(name string) float64 {
		var xs []float64
		for _, p := range results[name] {
			xs = append(xs, p.rps)
		}
		return median(xs)
	}
	lat := func(name, query string, i int) float64 {
		var xs []float64
		for _, p := range results[name] {
			xs = append(xs, float64(p.latency[query][i].Microseconds())/1000)
		}
		return median(xs)
	}
	var queries []string
	for _, p := range results["ours"] {
		for q := range p.latency {
			if !slices.Contains(queries, q) {
				queries = append(queries, q)
			}
		}
	}
	slices.Sort(queries) // "all" and the queries' names; the order of bench.Names when all are there
	slices.SortStableFunc(queries, func(a, b string) int { return slices.Index(bench.Names, a) - slices.Index(bench.Names, b) })
	ceil := rps("ceiling")
	for _, t := range targets {
		errs := 0
		for _, p := range results[t.name] {
			errs += p.errors
		}
		r := rps(t.name)
		ratios := ""
		for _, p := range peers {
			ratios += fmt.Sprintf(" %10.2f", r/rps(p))
		}
		for i, q := range queries {
			head := fmt.Sprintf("%-9s %10s %8s%*s %7s", "", "", "", len(ratioHead), "", "")
			if i == 0 {
				head = fmt.Sprintf("%-9s %10.0f %8.3f%s %7d", t.name, r, r/ceil, ratios, errs)
			}
			p50, p99 := lat(t.name, q, 0), lat(t.name, q, 1)
			fmt.Fprintf(w, "%s  %-13s %9.2f %9.2f %9.2f  %.1f, %.1f\n", head, q, p50, p99, lat(t.name, q, 2),
				p50/max(lat("ceiling", q, 0), 0.001), p99/max(lat("ceiling", q, 1), 0.001))
		}
	}
	fmt.Fprintln(w)
}

// startProcess starts cmd and returns the rest of the first line of its output that starts with
// prefix: the address it serves.
func startProcess(cmd *exec.Cmd, prefix string) (string, error) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), prefix); ok {
			go func() { _, _ = io.Copy(io.Discard, out) }() // keep the pipe drained
			return rest, nil
		}
	}
	_ = cmd.Process.Kill() // it printed no address: nothing to measure
	_ = cmd.Wait()         // the error of a killed process says nothing more
	return "", errors.New("exited without printing its address")
}

// fetchAll sends every distinct request of mix once and returns the responses by request body;
// any error in a response is an error.
func fetchAll(url string, mix bench.Mix) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	for _, name := range bench.Names {
		for _, r := range mix[name] {
			if _, ok := out[string(r.Body)]; ok {
				continue
			}
			body, err := post(url, r.Body)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", name, r.Body, err)
			}
			out[string(r.Body)] = body
		}
	}
	return out, nil
}

func post(url string, body []byte) (json.RawMessage, error) {
	resp, err := http.Post(url, "application/json", strings.NewReader(string(body)))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK || strings.Contains(string(raw), `"errors"`) {
		return nil, fmt.Errorf("status %d: %.300s", resp.StatusCode, raw)
	}
	return raw, nil
}

// serveCeiling serves the responses of file, keyed by request body, from a plain handler: the most
// a GraphQL server could do on this machine is to write those bytes.
func serveCeiling(ctx context.Context, file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var responses map[string]json.RawMessage
	if err := json.Unmarshal(raw, &responses); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	byBody := make(map[string][]byte, len(responses))
	for k, v := range responses {
		byBody[k] = v
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		resp, ok := byBody[string(body)]
		if !ok {
			resp, ok = aliased(byBody, body)
		}
		if err != nil || !ok {
			http.Error(w, "unknown request", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(resp) // the client has gone if this fails
	}), ReadHeaderTimeout: 5 * time.Second}
	fmt.Printf("ceiling at http://%s/graphql\n", ln.Addr())
	go func() {
		<-ctx.Done()
		_ = srv.Close() // shutting down: nothing to do with an error
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func writeJSON(file string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", file, err)
	}
	return os.WriteFile(file, raw, 0o600)
}

// workspace returns the module's root and a new temporary directory named after prefix, which
// the caller removes.
func workspace(prefix string) (root, dir string, err error) {
	if root, err = moduleRoot(); err != nil {
		return "", "", err
	}
	if dir, err = os.MkdirTemp("", prefix); err != nil {
		return "", "", fmt.Errorf("temporary directory: %w", err)
	}
	return root, dir, nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run load inside the module")
	}
	return filepath.Dir(mod), nil
}
