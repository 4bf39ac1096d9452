package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/bench/synth"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest/launcher"
	"github.com/drugwatch/roundtable-kg/seed"
)

// The flags of -scale on Neo4j. They are registered here, beside the code that reads them.
var (
	scaleStore = flag.String("store", "memory", "memory or neo4j. With -scale: the store to load the synthetic graphs into. "+
		"Without: neo4j measures the project on Neo4j beside @neo4j/graphql and the embedded store (neo4jpeer.go). "+
		"Neo4j: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE; without NEO4J_URI, a local Neo4j started for the run")
	scaleHeap      = flag.String("neo4j-heap", "2g", "with -store neo4j, without NEO4J_URI: the JVM's maximum heap")
	scalePageCache = flag.Int("neo4j-pagecache", 1024, "with -store neo4j, without NEO4J_URI: Neo4j's page cache in MiB")
	scaleBatch     = flag.Int("seed-batch", 1000, "with -scale and -store neo4j: rows per seed transaction (the seed command's default)")
)

// scaleNeo4j seeds synthetic graphs of the given sizes into Neo4j through the store's seed path
// (Store.Seed: the batched, parameterised UNWIND statements of the seed command) and prints, for
// each, the time of each step of the seed, the database's size on disk and the JVM's resident
// memory and heap, and the p50 and p99 of each query of the mix served one at a time through the
// GraphQL handler on the Neo4j store, with the Cypher statements each request sent.
//
// Without NEO4J_URI it starts a fresh local Neo4j (package neo4jtest, the tests' server) for each
// size and stops it after; with NEO4J_URI it seeds that database with Reset, deleting everything
// in it first.
func scaleNeo4j(sizes []int, requests int) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ds, err := seed.Load()
	if err != nil {
		return err
	}
	external := os.Getenv("NEO4J_URI") != ""
	if external {
		fmt.Printf("Neo4j at %s (NEO4J_URI): every size is seeded with reset\n", os.Getenv("NEO4J_URI"))
	} else {
		fmt.Printf("Neo4j 5.26 started for each size (package neo4jtest): heap -Xmx%s, page cache %d MiB, seed batches of %d rows\n",
			*scaleHeap, *scalePageCache, *scaleBatch)
	}
	fmt.Println()
	for _, n := range sizes {
		if err := scaleNeo4jSize(ctx, ds, n, requests, external); err != nil {
			return fmt.Errorf("%d entities: %w", n, err)
		}
	}
	return nil
}

func scaleNeo4jSize(ctx context.Context, ds *seed.Dataset, n, requests int, external bool) (err error) {
	var srv *launcher.Server
	if external {
		srv = &launcher.Server{URI: os.Getenv("NEO4J_URI"), Username: os.Getenv("NEO4J_USERNAME"),
			Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")}
		if srv.Username == "" {
			srv.Username = "neo4j"
		}
	} else {
		start := time.Now()
		srv, err = launcher.StartWith(ctx, launcher.Options{Heap: *scaleHeap, PageCacheMiB: *scalePageCache})
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, srv.Close()) }()
		fmt.Printf("started Neo4j at %s in %.1f s\n", srv.URI, time.Since(start).Seconds())
	}
	store, err := neo4j.Open(ctx, neo4j.Config{URI: srv.URI, Username: srv.Username, Password: srv.Password, Database: srv.Database})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close(context.WithoutCancel(ctx))) }()
	fmt.Printf("batch wait after Open: %s\n", store.BatchWait())

	entities, rels, err := synth.Generate(ds.Entities, ds.Relationships, n, 1)
	if err != nil {
		return err
	}
	synthetic := &seed.Dataset{Entities: entities, Relationships: rels, Version: fmt.Sprintf("synthetic-%d-1", n)}
	fmt.Printf("== %d entities, %d relationships\n", len(entities), len(rels))
	steps := &stepTimer{last: time.Now(), out: os.Stdout}
	start := time.Now()
	err = store.Seed(ctx, synthetic, neo4j.SeedOptions{Reset: external, BatchSize: *scaleBatch, Timeout: 2 * time.Hour}, steps)
	if err != nil {
		return err
	}
	total := time.Since(start)
	fmt.Printf("seed: %.1f s in all; %.0f entities/s, %.0f relationships/s\n", total.Seconds(),
		float64(len(entities))/steps.took("entities").Seconds(), float64(len(rels))/steps.took("relationships").Seconds())

	if !external {
		fmt.Printf("JVM: RSS %.0f MiB (%.0f B/entity)", pidRSSMiB(srv.PID()), pidRSSMiB(srv.PID())*(1<<20)/float64(n))
	} else {
		fmt.Print("JVM: (an external server: no RSS)")
	}
	if used, committed, err := jvmHeap(ctx, srv); err == nil {
		fmt.Printf("; heap used %.0f MiB of %.0f MiB committed (%.0f B/entity, before any collection)\n",
			mib(used), mib(committed), float64(used)/float64(n))
	} else {
		fmt.Printf("; heap: %v\n", err)
	}

	mix, err := bench.NewMix(entities)
	if err != nil {
		return err
	}
	entities, rels, synthetic = nil, nil, nil
	h := graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	fmt.Printf("%-13s %10s %10s %10s %12s\n", "query", "p50 ms", "p99 ms", "max ms", "statements")
queries:
	for _, name := range bench.Names {
		reqs := mix[name]
		// One request first, not counted: the first run of a statement plans it. A query that
		// fails (a timeout, at a large size) is reported as such, and the run goes on.
		if _, err := serve(h, reqs[0].Body); err != nil {
			fmt.Printf("%-13s failed: %v\n", name, err)
			continue
		}
		before := store.Queries()
		var lat []time.Duration
		for i := range requests {
			d, err := serve(h, reqs[i%len(reqs)].Body)
			if err != nil {
				fmt.Printf("%-13s failed after %d answers: %v\n", name, i, err)
				continue queries
			}
			lat = append(lat, d)
		}
		slices.Sort(lat)
		fmt.Printf("%-13s %10.2f %10.2f %10.2f %12.2f\n", name, ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]), ms(lat[len(lat)-1]),
			float64(store.Queries()-before)/float64(requests))
	}
	fmt.Printf("batch wait after the queries: %s\n", store.BatchWait())
	if !external {
		fmt.Printf("JVM after the queries: RSS %.0f MiB\n", pidRSSMiB(srv.PID()))
		// The store files hold all the data once a checkpoint has flushed the page cache to them:
		// Community has no procedure for one, but a clean shutdown makes one.
		t0 := time.Now()
		if err := srv.Stop(ctx); err != nil {
			return err
		}
		store, txlogs, err := srv.DiskUsage()
		if err != nil {
			return err
		}
		fmt.Printf("disk after a clean shutdown (%.1f s): store %.1f MiB (%.0f B/entity), transaction logs %.1f MiB (preallocated)\n",
			time.Since(t0).Seconds(), mib(store), float64(store)/float64(n), mib(txlogs))
	}
	fmt.Println()
	return nil
}

// jvmHeap reads the server's heap use through JMX (dbms.queryJmx).
func jvmHeap(ctx context.Context, srv *launcher.Server) (used, committed int64, err error) {
	const query = "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes " +
		"RETURN attributes.HeapMemoryUsage.value.properties AS heap"
	res, err := execute(ctx, srv, query)
	if err != nil {
		return 0, 0, fmt.Errorf("JMX: %w", err)
	}
	if len(res.Records) != 1 {
		return 0, 0, fmt.Errorf("JMX: %d rows", len(res.Records))
	}
	v, _ := res.Records[0].Get("heap")
	heap, _ := v.(map[string]any)
	used, _ = heap["used"].(int64)
	committed, _ = heap["committed"].(int64)
	if used == 0 {
		return 0, 0, fmt.Errorf("JMX: no heap figures in %v", v)
	}
	return used, committed, nil
}

// execute runs one statement of this command's own (not the store's) on the server.
func execute(ctx context.Context, srv *launcher.Server, query string) (*driver.EagerResult, error) {
	d, err := driver.NewDriverWithContext(srv.URI, driver.BasicAuth(srv.Username, srv.Password, ""))
	if err != nil {
		return nil, err
	}
	defer d.Close(ctx)
	return driver.ExecuteQuery(ctx, d, query, nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(srv.Database))
}

// stepTimer is the seed's progress writer: it echoes each line with the time since the previous
// one, which is the time of the step the line reports.
type stepTimer struct {
	mu    sync.Mutex
	last  time.Time
	out   io.Writer
	steps map[string]time.Duration
}

func (s *stepTimer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		d := now.Sub(s.last)
		s.last = now
		if s.steps == nil {
			s.steps = map[string]time.Duration{}
		}
		step, _, _ := strings.Cut(line, ":")
		s.steps[step] += d
		fmt.Fprintf(s.out, "  %8.2f s  %s\n", d.Seconds(), line)
	}
	return len(p), nil
}

// took returns the time of the steps whose lines began with step and a colon.
func (s *stepTimer) took(step string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.steps[step]
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// pidRSSMiB returns the resident memory of a process.
func pidRSSMiB(pid int) float64 {
	return statusRSSMiB(fmt.Sprintf("/proc/%d/status", pid))
}
