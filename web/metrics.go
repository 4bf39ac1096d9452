package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// metrics counts requests by path and status, and their total duration, in the Prometheus text
// format. Paths are the server's own (anything else counts as "other"), so the number of series
// stays small whatever clients send.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]int64 // path, status
	seconds  map[string]float64  // path
	start    time.Time
}

var knownPaths = []string{"/graphql", "/healthz", "/readyz", "/metrics", "/schema.graphql"}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]int64{}, seconds: map[string]float64{}, start: time.Now()}
}

func (m *metrics) observe(path string, status int, d time.Duration) {
	if !slices.Contains(knownPaths, path) {
		path = "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{path, strconv.Itoa(status)}]++
	m.seconds[path] += d.Seconds()
}

func (m *metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if a[0] != b[0] {
			return strings.Compare(a[0], b[0])
		}
		return strings.Compare(a[1], b[1])
	})
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	fmt.Fprintln(w, "# HELP http_requests_total Requests served, by path and status.")
	fmt.Fprintln(w, "# TYPE http_requests_total counter")
	for _, k := range keys {
		fmt.Fprintf(w, "http_requests_total{path=%q,status=%q} %d\n", k[0], k[1], m.requests[k])
	}
	paths := make([]string, 0, len(m.seconds))
	for p := range m.seconds {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	fmt.Fprintln(w, "# HELP http_request_duration_seconds_sum Time spent serving requests, by path.")
	fmt.Fprintln(w, "# TYPE http_request_duration_seconds_sum counter")
	for _, p := range paths {
		fmt.Fprintf(w, "http_request_duration_seconds_sum{path=%q} %g\n", p, m.seconds[p])
	}
	m.mu.Unlock()
	fmt.Fprintln(w, "# HELP process_uptime_seconds Time since the server started.")
	fmt.Fprintln(w, "# TYPE process_uptime_seconds gauge")
	fmt.Fprintf(w, "process_uptime_seconds %g\n", time.Since(m.start).Seconds())
}
