package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/bench/synth"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed/checked"
)

// scale loads synthetic graphs of the given sizes into the embedded store and prints, for each,
// the load time, the memory per entity of the data alone (the entities and relationships as
// generated) and of the store (the data and its indexes), the process's resident memory, and the
// p50 and p99 of each query of the mix served one at a time through the GraphQL handler.
//
// With -store neo4j it seeds them into Neo4j instead (scaleNeo4j).
func scale(sizes []int, requests int) error {
	switch *scaleStore {
	case "memory":
	case "neo4j":
		return scaleNeo4j(sizes, requests)
	default:
		return fmt.Errorf("-store %q: want memory or neo4j", *scaleStore)
	}
	// The server's collector setting (perf.go), under which it loads its graph.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	start := time.Now()
	ds, err := checked.Load()
	if err != nil {
		return err
	}
	if _, err := memory.New(ds.Entities, ds.Relationships, ds.Version); err != nil {
		return err
	}
	fmt.Printf("seed graph: read and indexed in %.1f ms\n\n", float64(time.Since(start).Microseconds())/1000)
	fmt.Printf("%10s %12s %9s %11s %11s %10s", "entities", "relations", "load s", "data B/ent", "heap B/ent", "RSS MiB")
	for _, name := range bench.Names {
		fmt.Printf(" %19s", name+" p50/p99")
	}
	fmt.Println()
	for _, n := range sizes {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		entities, rels, err := synth.Generate(ds.Entities, ds.Relationships, n, 1)
		if err != nil {
			return err
		}
		nrels := len(rels)
		runtime.GC()
		var generated runtime.MemStats
		runtime.ReadMemStats(&generated)
		start := time.Now()
		store, err := memory.New(entities, rels, fmt.Sprintf("synthetic-%d", n))
		if err != nil {
			return err
		}
		load := time.Since(start)
		mix, err := bench.NewMix(entities)
		if err != nil {
			return err
		}
		entities, rels = nil, nil // the store keeps what it needs
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		data := float64(generated.HeapAlloc-before.HeapAlloc) / float64(n)
		heap := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
		fmt.Printf("%10d %12d %9.2f %11.0f %11.0f %10.0f", n, nrels, load.Seconds(), data, heap, rssMiB())

		h := graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
		for _, name := range bench.Names {
			reqs := mix[name]
			var lat []time.Duration
			for i := range requests {
				d, err := serve(h, reqs[i%len(reqs)].Body)
				if err != nil {
					return fmt.Errorf("%d entities, %s: %w", n, name, err)
				}
				lat = append(lat, d)
			}
			slices.Sort(lat)
			fmt.Printf(" %9.2f/%-9.2f", ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]))
		}
		fmt.Println()
		runtime.KeepAlive(store)
		debug.FreeOSMemory()
	}
	return nil
}

// serve sends one request through the handler and returns its latency; a status other than 200
// or a response with errors is an error.
func serve(h http.Handler, body []byte) (time.Duration, error) {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	t0 := time.Now()
	h.ServeHTTP(w, req)
	d := time.Since(t0)
	if w.Code != http.StatusOK || strings.Contains(w.Body.String(), `"errors"`) {
		return 0, fmt.Errorf("status %d: %.300s", w.Code, w.Body.String())
	}
	return d, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// rssMiB returns the resident memory of this process.
func rssMiB() float64 { return statusRSSMiB("/proc/self/status") }

// statusRSSMiB returns the resident memory that a /proc/PID/status file states, or 0.
func statusRSSMiB(path string) float64 {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb float64
			if _, err := fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb); err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}
