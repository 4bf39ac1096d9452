// Command soak sends a mix of valid, invalid, hostile and oversized GraphQL requests from many
// concurrent clients to a server on the loopback interface for a bounded time, then reports the
// answers by status and error code, the latency percentiles, empty replies, and the server's
// goroutines and heap before and after.
//
// Without -url it starts the real server (the embedded graph and the whole HTTP handler) on
// 127.0.0.1 in this process. With -url it soaks a server already running on loopback.
//
//	go run ./cmd/soak -clients 64 -duration 60s
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/drugwatch/roundtable-kg/ide"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed/checked"
	"github.com/drugwatch/roundtable-kg/web"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	clients := fs.Int("clients", 64, "concurrent clients (1 to 1024)")
	duration := fs.Duration("duration", 60*time.Second, "how long to send requests (at most 10m)")
	target := fs.String("url", "", "GraphQL endpoint of a server on loopback, e.g. http://127.0.0.1:8080/graphql; empty starts one in this process")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *clients < 1 || *clients > 1024 || *duration <= 0 || *duration > 10*time.Minute {
		return errors.New("want 1 to 1024 clients and a duration up to 10m")
	}
	endpoint := *target
	if endpoint == "" {
		stop, u, err := startServer()
		if err != nil {
			return err
		}
		defer stop()
		endpoint = u
	}
	if err := loopbackOnly(endpoint); err != nil {
		return err
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	before, err := scrape(client, endpoint)
	if err != nil {
		return err
	}
	mix := requests()
	var (
		mu    sync.Mutex
		total = newTally()
		wg    sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	start := time.Now()
	for c := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := newTally()
			for i := c; ctx.Err() == nil; i++ {
				t.add(mix[i%len(mix)], send(client, endpoint, mix[i%len(mix)]))
			}
			mu.Lock()
			total.merge(t)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	client.CloseIdleConnections()
	time.Sleep(2 * time.Second) // let the server's connection goroutines end
	after, err := scrape(client, endpoint)
	if err != nil {
		return err
	}
	client.CloseIdleConnections()
	total.report(out, *clients, elapsed, before, after)
	if total.bad > 0 {
		return fmt.Errorf("%d answers were 5xx, empty or not GraphQL", total.bad)
	}
	return nil
}

// startServer serves the embedded graph with the whole HTTP handler on a free loopback port.
func startServer() (stop func(), endpoint string, err error) {
	ds, err := checked.Load()
	if err != nil {
		return nil, "", err
	}
	store, err := memory.New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := &http.Server{
		Handler:           web.NewHandler(web.Options{Store: store, Logger: slog.New(slog.DiscardHandler)}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       web.DefaultTimeout,
		WriteTimeout:      web.DefaultTimeout + 5*time.Second,
		MaxHeaderBytes:    2 << 20,
	}
	go func() { _ = srv.Serve(ln) }()
	return func() { _ = srv.Close() }, "http://" + ln.Addr().String() + "/graphql", nil
}

// loopbackOnly refuses any endpoint off the loopback interface.
func loopbackOnly(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil {
		return fmt.Errorf("bad -url: %w", err)
	}
	ip := net.ParseIP(u.Hostname())
	if u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-url %s: only servers on loopback (127.0.0.1, ::1, localhost) may be soaked", endpoint)
	}
	return nil
}

// request is one kind of request of the mix.
type request struct {
	kind        string // valid, invalid, hostile, oversized
	method      string
	query       string // URL query string
	contentType string
	body        []byte
	chunked     bool
}

func post(kind string, body any) request {
	b, _ := json.Marshal(body)
	return request{kind: kind, method: "POST", contentType: "application/json", body: b}
}

func requests() []request {
	var mix []request
	for _, op := range []string{"Initiative", "Session", "Search", "Neighborhood", "Path", "Stats"} {
		mix = append(mix, post("valid", map[string]any{"query": ide.Examples, "operationName": op}))
	}
	mix = append(mix,
		request{kind: "valid", method: "GET", query: "query=" + url.QueryEscape(`{ dataVersion stats { entities } }`)},
		post("valid", map[string]any{"query": `query($after: String) { entities(first: 50, after: $after) { edges { node { id name } } pageInfo { endCursor } } }`}),
		post("invalid", map[string]any{"query": `{ entity(id: `}),
		post("invalid", map[string]any{"query": `{ entity(id: "winnipeg") { colour } }`}),
		post("invalid", map[string]any{"query": `{ entities(first: 3000000000) { totalCount } }`}),
		post("invalid", map[string]any{"query": `{ entities(after: "bad") { totalCount } }`}),
		request{kind: "invalid", method: "POST", contentType: "application/json", body: []byte(`{"query": `)},
		request{kind: "invalid", method: "PUT", contentType: "application/json", body: []byte(`{}`)},
		request{kind: "invalid", method: "POST", contentType: "text/plain", body: []byte(`{ dataVersion }`)},
		post("invalid", map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash("{ unknown }")}}}),
	)
	var aliases strings.Builder
	aliases.WriteString("{ ")
	for i := range 45000 {
		fmt.Fprintf(&aliases, "a%d: dataVersion ", i)
	}
	aliases.WriteString("}")
	fragments := "fragment F0 on Query { dataVersion }\n"
	for i := 1; i < 60; i++ {
		fragments += fmt.Sprintf("fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	mix = append(mix,
		post("hostile", map[string]any{"query": aliases.String()}),
		post("hostile", map[string]any{"query": fragments + "{ ...F59 }"}),
		post("hostile", map[string]any{"query": strings.Repeat("{ entity(id: \"x\") ", 2000) + strings.Repeat("}", 2000)}),
		post("hostile", map[string]any{"query": `{ entities(first: 100) { edges { node { relationships(first: 100) { edges { other { relationships(first: 100) { totalCount } } } } } } } }`}),
	)
	big := bytes.Repeat([]byte("a"), 1<<20+10)
	mix = append(mix,
		request{kind: "oversized", method: "POST", contentType: "application/json", body: append(append([]byte(`{"query": "{ dataVersion }", "variables": {"x": "`), big...), `"}}`...)},
		request{kind: "oversized", method: "POST", contentType: "application/json", body: append(append([]byte(`{"query": "{ dataVersion }", "variables": {"x": "`), big...), `"}}`...), chunked: true},
	)
	return mix
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// result is what one request got.
type result struct {
	status  int
	code    string // extensions.code of the first error
	empty   bool
	notJSON bool
	err     error
	took    time.Duration
}

func send(client *http.Client, endpoint string, r request) result {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
		if r.chunked {
			body = io.MultiReader(body) // no length known: sent chunked
		}
	}
	u := endpoint
	if r.query != "" {
		u += "?" + r.query
	}
	req, err := http.NewRequest(r.method, u, body)
	if err != nil {
		return result{err: err}
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return result{err: err, took: time.Since(start)}
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	res := result{status: resp.StatusCode, took: time.Since(start), err: err, empty: len(b) == 0}
	var gql struct {
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	if json.Unmarshal(b, &gql) != nil {
		res.notJSON = true
	} else if len(gql.Errors) > 0 {
		res.code = gql.Errors[0].Extensions.Code
	}
	return res
}

// tally counts results.
type tally struct {
	counts    map[string]int // kind status code
	errors    map[string]int
	latencies []time.Duration
	bad       int
}

func newTally() *tally { return &tally{counts: map[string]int{}, errors: map[string]int{}} }

func (t *tally) add(r request, res result) {
	if res.err != nil {
		t.errors[r.kind+": "+errText(res.err)]++
		if r.kind != "oversized" { // a server may close the connection on an oversized body
			t.bad++
		}
		return
	}
	t.counts[fmt.Sprintf("%-9s %d %s", r.kind, res.status, res.code)]++
	t.latencies = append(t.latencies, res.took)
	if res.status >= 500 || res.empty || res.notJSON {
		t.bad++
	}
}

func errText(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

func (t *tally) merge(o *tally) {
	for k, v := range o.counts {
		t.counts[k] += v
	}
	for k, v := range o.errors {
		t.errors[k] += v
	}
	t.latencies = append(t.latencies, o.latencies...)
	t.bad += o.bad
}

func (t *tally) report(w io.Writer, clients int, elapsed time.Duration, before, after map[string]float64) {
	n := len(t.latencies)
	fmt.Fprintf(w, "%d clients for %s: %d answers (%.0f/s)\n", clients, elapsed.Round(time.Millisecond), n, float64(n)/elapsed.Seconds())
	keys := make([]string, 0, len(t.counts))
	for k := range t.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Fprintln(w, "kind      status code: count")
	for _, k := range keys {
		fmt.Fprintf(w, "  %s: %d\n", k, t.counts[k])
	}
	for k, v := range t.errors {
		fmt.Fprintf(w, "  transport error, %s: %d\n", k, v)
	}
	slices.Sort(t.latencies)
	pct := func(p float64) time.Duration {
		if n == 0 {
			return 0
		}
		return t.latencies[min(n-1, int(p*float64(n)))]
	}
	fmt.Fprintf(w, "latency p50 %s, p99 %s, max %s\n", pct(0.5).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	fmt.Fprintf(w, "5xx, empty or non-GraphQL answers: %d\n", t.bad)
	fmt.Fprintf(w, "server goroutines %v before, %v after; heap in use %.1f MiB before, %.1f MiB after\n",
		before["go_goroutines"], after["go_goroutines"], before["go_memstats_heap_inuse_bytes"]/(1<<20), after["go_memstats_heap_inuse_bytes"]/(1<<20))
}

// scrape reads the server's goroutines and heap from its /metrics.
func scrape(client *http.Client, endpoint string) (map[string]float64, error) {
	u := strings.TrimSuffix(endpoint, "/graphql") + "/metrics"
	resp, err := client.Get(u)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", u, err)
	}
	defer resp.Body.Close()
	values := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || (name != "go_goroutines" && name != "go_memstats_heap_inuse_bytes") {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			values[name] = v
		}
	}
	return values, sc.Err()
}
