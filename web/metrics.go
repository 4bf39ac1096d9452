package web

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/drugwatch/roundtable-kg/admission"

	"github.com/drugwatch/roundtable-kg/ide"
)

// metrics holds the server's Prometheus metrics, in a registry of its own: request durations by
// path, operation and status, requests in flight, and the Go runtime and process collectors.
// Label values are bounded whatever clients send: paths are the server's own (anything else is
// "other"); operation names are those of the IDE's examples and of the trusted documents, and the
// first maxOperations other names seen, kept for good, so that a flood of new names cannot push
// out the names already counted: every later name counts as "other".
type metrics struct {
	registry *prometheus.Registry
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge

	mu         sync.Mutex
	operations map[string]bool
	seen       int // names taken as they came, at most maxOperations
}

var knownPaths = []string{"/graphql", "/healthz", "/readyz", "/metrics", "/schema.graphql", "/"}

// maxOperations bounds the operation names, other than the known ones, that the metrics take as
// they come.
const maxOperations = 100

// operationName matches a GraphQL name, as operation names are.
var operationName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// newMetrics returns the metrics, with known as operation names always counted under their own
// name.
func newMetrics(known []string) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time to answer a request, by path, GraphQL operation name and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"path", "operation", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_requests_in_flight",
			Help: "Requests being served.",
		}),
		operations: map[string]bool{},
	}
	for _, name := range known {
		if operationName.MatchString(name) {
			m.operations[name] = true
		}
	}
	m.registry.MustRegister(m.duration, m.inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// start counts a request in flight; the func it returns records its end.
func (m *metrics) start() func(path, operation string, status int, d time.Duration) {
	m.inFlight.Inc()
	return func(path, operation string, status int, d time.Duration) {
		m.inFlight.Dec()
		switch {
		case slices.Contains(knownPaths, path):
		case strings.HasPrefix(path, ide.AssetsPath):
			path = ide.AssetsPath
		case strings.HasPrefix(path, "/explore/"):
			path = "/explore/"
		case strings.HasPrefix(path, "/export/"):
			path = "/export/"
		default:
			path = "other"
		}
		m.duration.WithLabelValues(path, m.operation(operation), strconv.Itoa(status)).Observe(d.Seconds())
	}
}

// operation returns the label of an operation name.
func (m *metrics) operation(name string) string {
	if name == "" {
		return ""
	}
	if !operationName.MatchString(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.operations[name] {
		return name
	}
	if m.seen >= maxOperations {
		return "other"
	}
	m.seen++
	m.operations[name] = true
	return name
}

// watchGate adds the gauges and counter of an admission gate to the metrics.
func (m *metrics) watchGate(g *admission.Gate) {
	m.registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "admission_waiting", Help: "Expensive requests waiting their turn."},
			func() float64 { return float64(g.Stats().Waiting) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "admission_running", Help: "Expensive requests running."},
			func() float64 { return float64(g.Stats().Running) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "admission_cost_in_flight", Help: "Cost held by the expensive requests running."},
			func() float64 { return float64(g.Stats().Cost) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "admission_refused_total", Help: "Requests refused with SERVER_BUSY."},
			func() float64 { return float64(g.Stats().Refused) }),
	)
}
