// Command roundtable-kg serves a GraphQL knowledge graph of the organizations, programs and
// initiatives that fight the illicit-drug trade in Canada, built from the law-enforcement
// roundtables on illicit drugs.
//
// With no configuration it serves the embedded graph; with NEO4J_URI set it serves the same API
// from Neo4j. Run it with -help for flags and subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed/checked"
	"github.com/drugwatch/roundtable-kg/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// errUsage marks an error in the command line; the message has been printed already.
var errUsage = errors.New("usage")

// run dispatches to the subcommand named by args[0]; with no subcommand it serves.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "seed":
		return seedNeo4j(ctx, args, getenv, stdin, stdout, stderr)
	case "cypher":
		return runCypher(ctx, args, getenv, stdout, stderr)
	case "coverage":
		return coverage(args, stdout, stderr)
	case "export":
		return exportGraph(ctx, args, getenv, stdout, stderr)
	case "help":
		usage(stderr)
		return nil
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n", cmd)
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: roundtable-kg [command] [flags]

Commands:
  serve     serve the GraphQL API (the default)
  seed      write the graph into Neo4j (NEO4J_URI must be set)
  cypher    run Cypher script files against Neo4j statement by statement, as cypher-shell -f does
  coverage  print counts of the graph per type, relationship type and source section
  export    write the graph as GraphML, JSON, JSON-LD, neo4j-admin CSV or citations CSV

Run "roundtable-kg COMMAND -help" for the flags of a command.
`)
}

// Bounds of -timeout: shorter limits fail every request that reaches the store, longer ones let
// one client hold a connection for minutes.
const (
	minTimeout = 100 * time.Millisecond
	maxTimeout = 5 * time.Minute
)

// serveConfig is the configuration of the serve command.
type serveConfig struct {
	addr          string
	logLevel      slog.Level
	logFormat     string
	neo4j         neo4jConfig
	waitForNeo4j  time.Duration
	timeout       time.Duration
	corsOrigins   []string
	limits        graph.Limits
	admission     admission.Policy
	introspection bool
	apqCacheSize  int
	trustedFile   string
	maxConns      int
	perf          perfConfig
}

// parseServe reads flags, with defaults from the environment.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	c := serveConfig{limits: graph.DefaultLimits, admission: admission.Default}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := ":8080"
	if p := getenv("PORT"); p != "" {
		addr = ":" + p
	}
	fs.StringVar(&c.addr, "addr", addr, "listen `address`, host:port; \":port\" listens on every interface (env PORT=n means \":n\")")
	level := envOr(getenv, "LOG_LEVEL", "info")
	fs.StringVar(&level, "log-level", level, "log `level`: debug, info, warn or error (env LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", envOr(getenv, "LOG_FORMAT", "text"), "log `format`: text or json (env LOG_FORMAT)")
	fs.DurationVar(&c.timeout, "timeout", web.DefaultTimeout, fmt.Sprintf("time limit of one request, from its first byte to its answer (%s to %s)", minTimeout, maxTimeout))
	cors := envOr(getenv, "CORS_ORIGINS", "*")
	fs.StringVar(&cors, "cors-origins", cors, "comma-separated `origins` whose pages may call /graphql from a browser; * for any, empty for none (env CORS_ORIGINS)")
	fs.BoolVar(&c.introspection, "introspection", true, "answer introspection queries and suggest field names in errors")
	fs.IntVar(&c.limits.Depth, "max-depth", c.limits.Depth, "most levels of nested fields in a query; 0 for no limit")
	fs.IntVar(&c.limits.Aliases, "max-aliases", c.limits.Aliases, "most aliased fields in a query; 0 for no limit")
	fs.IntVar(&c.limits.RootFields, "max-root-fields", c.limits.RootFields, "most fields at the root of a query; 0 for no limit")
	fs.IntVar(&c.limits.Tokens, "max-tokens", c.limits.Tokens, "most tokens (names, punctuation, values) in a document; 0 for no limit")
	fs.IntVar(&c.limits.Fields, "max-fields", c.limits.Fields, "most fields in a query, fragments expanded; 0 for no limit")
	fs.IntVar(&c.limits.Cost, "max-cost", c.limits.Cost, "most fields a query may resolve, list fields counting their page size; 0 for no limit")
	fs.IntVar(&c.admission.Cheap, "cheap-cost", c.admission.Cheap, "operations of at most this cost run at once; dearer ones are admitted by -max-cost-in-flight")
	fs.IntVar(&c.admission.CostInFlight, "max-cost-in-flight", c.admission.CostInFlight, "most cost of expensive operations running at once; the others wait in line; 0 for no limit")
	fs.IntVar(&c.admission.Queue, "max-waiting", c.admission.Queue, "most expensive operations waiting in line; more are refused with SERVER_BUSY; 0 for no limit")
	fs.IntVar(&c.admission.PerClient, "max-expensive-per-client", c.admission.PerClient, "most expensive operations one client address has waiting or running; more are refused with SERVER_BUSY; 0 for no limit (set it behind a proxy that hides client addresses)")
	fs.IntVar(&c.apqCacheSize, "apq-cache", graph.DefaultAPQCacheSize, "documents kept for automatic persisted queries; 0 turns them off")
	fs.StringVar(&c.trustedFile, "trusted-documents", "", "JSON `file` mapping SHA-256 hashes to the only documents to execute (turns automatic persisted queries off)")
	maxConns, err := strconv.Atoi(envOr(getenv, "MAX_CONNS", strconv.Itoa(web.DefaultMaxConns)))
	if err != nil {
		fmt.Fprintf(stderr, "bad MAX_CONNS %q: want a number\n", getenv("MAX_CONNS"))
		return c, errUsage
	}
	fs.IntVar(&c.maxConns, "max-conns", maxConns, "most connections open at once; past it the longest idle is closed, or a new one refused with 503 when none is idle; lowered to fit the open-file limit (env MAX_CONNS)")
	fs.DurationVar(&c.waitForNeo4j, "wait-for-neo4j", 0, "keep retrying to reach Neo4j at start for this long, e.g. 60s (needs -neo4j-uri)")
	c.neo4j.flags(fs, getenv)
	c.perf.flags(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: roundtable-kg [serve] [flags]

Serves the GraphQL API at /graphql, the GraphQL IDE at /, the visual explorer at /explore,
the schema at /schema.graphql, downloads of the graph at /export/FORMAT (see "roundtable-kg
export -help"), and /healthz, /readyz and /metrics. Without NEO4J_URI the embedded graph is
served; with it, the graph in Neo4j (NEO4J_PASSWORD is read from the environment only).
Other commands: seed (write the graph into Neo4j), cypher (run Cypher scripts), coverage (what
the graph holds), export (files for other tools); see "roundtable-kg help".

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, usageErr(err)
	}
	bad := func(format string, args ...any) (serveConfig, error) {
		fmt.Fprintf(stderr, format+"\n", args...)
		return c, errUsage
	}
	if fs.NArg() > 0 {
		return bad("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	for _, o := range strings.Split(cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.corsOrigins = append(c.corsOrigins, o)
		}
	}
	if err := c.logLevel.UnmarshalText([]byte(level)); err != nil {
		return bad("bad -log-level %q: %v", level, err)
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return bad("bad -log-format %q: want text or json", c.logFormat)
	}
	if c.maxConns < 1 {
		return bad("bad -max-conns %d: want 1 or more", c.maxConns)
	}
	if c.timeout < minTimeout || c.timeout > maxTimeout {
		return bad("bad -timeout %s: want %s to %s", c.timeout, minTimeout, maxTimeout)
	}
	for name, v := range map[string]int{"max-depth": c.limits.Depth, "max-aliases": c.limits.Aliases, "max-root-fields": c.limits.RootFields,
		"max-tokens": c.limits.Tokens, "max-fields": c.limits.Fields, "max-cost": c.limits.Cost, "apq-cache": c.apqCacheSize,
		"cheap-cost": c.admission.Cheap, "max-cost-in-flight": c.admission.CostInFlight, "max-waiting": c.admission.Queue,
		"max-expensive-per-client": c.admission.PerClient} {
		if v < 0 {
			return bad("bad -%s %d: want 0 or more", name, v)
		}
	}
	if err := c.neo4j.check(fs, c.waitForNeo4j); err != nil {
		return bad("%v", err)
	}
	return c, nil
}

func usageErr(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return errUsage
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func newLogger(w io.Writer, c serveConfig) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.logLevel}
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens Neo4j when it is configured, else loads the embedded graph.
func openStore(ctx context.Context, c serveConfig, logger *slog.Logger) (kg.Store, func() error, error) {
	if c.neo4j.URI != "" {
		return openNeo4j(ctx, c.neo4j, c.waitForNeo4j, logger)
	}
	start := time.Now()
	ds, err := checked.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("load the embedded graph: %w", err)
	}
	store, err := memory.New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		return nil, nil, fmt.Errorf("index the embedded graph: %w", err)
	}
	logger.Info("embedded graph loaded", "entities", len(ds.Entities), "relationships", len(ds.Relationships),
		"version", ds.Version, "duration_ms", time.Since(start).Milliseconds())
	return store, func() error { return nil }, nil
}

// graphQLOptions turns the configuration into the GraphQL endpoint's options; it returns the
// trusted documents too, if any.
func graphQLOptions(c serveConfig) ([]graph.Option, []string, error) {
	opts := []graph.Option{graph.WithLimits(c.limits), graph.WithIntrospection(c.introspection), graph.WithAPQCacheSize(c.apqCacheSize)}
	if c.trustedFile == "" {
		return opts, nil, nil
	}
	f, err := os.Open(c.trustedFile)
	if err != nil {
		return nil, nil, fmt.Errorf("open -trusted-documents: %w", err)
	}
	defer f.Close()
	docs, err := graph.ReadTrustedDocuments(f)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", c.trustedFile, err)
	}
	texts := make([]string, 0, len(docs))
	for _, d := range docs {
		texts = append(texts, d)
	}
	return append(opts, graph.WithTrustedDocuments(docs)), texts, nil
}

// serve runs the HTTP server until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	c, err := parseServe(args, getenv, stderr)
	if err != nil {
		return err
	}
	gqlOpts, trusted, err := graphQLOptions(c)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, c)
	if c.perf.pprofAddr != "" {
		if _, err := servePprof(ctx, c.perf.pprofAddr, logger); err != nil {
			return err
		}
	}
	percent := setGCPercent(getenv)
	store, closeStore, err := openStore(ctx, c, logger)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeStore()) }()

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("listen on %s: %w (another process serves this port: stop it, or choose another port with -addr :PORT or the PORT variable)", c.addr, err)
		}
		return fmt.Errorf("listen on %s: %w", c.addr, err)
	}
	srv := &http.Server{
		Handler: web.NewHandler(web.Options{Store: store, Logger: logger, Timeout: c.timeout,
			CORSOrigins: c.corsOrigins, Schema: schema, GraphQL: gqlOpts, Documents: trusted, Gate: admission.New(c.admission)}),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       c.timeout,
		WriteTimeout:      c.timeout + 5*time.Second,
		IdleTimeout:       idleTimeout,
		// Room for a GET whose query string is at the body limit, so that the GraphQL endpoint,
		// not the HTTP server, refuses longer ones with a GraphQL error.
		MaxHeaderBytes: 2 * graph.MaxBodyBytes,
		BaseContext:    func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	maxConns := fitConns(c.maxConns, logger)
	limited := web.LimitConns(srv, ln, maxConns)
	logger.Debug("connections", "max", maxConns, "idle_timeout", idleTimeout, "read_header_timeout", readHeaderTimeout)
	fmt.Fprintf(stdout, "serving GraphQL at http://%s/graphql and the IDE at http://%s/\n", displayAddr(ln.Addr()), displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(limited) }()
	// The memory limit is sized by the live heap, which takes a full collection to measure: the
	// server answers meanwhile.
	logger.Debug("garbage collector", "gc_percent", percent, "memory_limit", setMemoryLimit(getenv))
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// Time limits of a connection: to send a request's header, and to stay open idle between
// requests. A connection that sends nothing is closed after readHeaderTimeout.
const (
	readHeaderTimeout = 5 * time.Second
	idleTimeout       = time.Minute
)

// fitConns lowers max, the bound of open connections, to leave room under the process's limit
// of open files (raised to its hard limit first) for the files and Neo4j connections the server
// opens itself.
func fitConns(asked int, logger *slog.Logger) int {
	limit, err := openFileLimit()
	if err != nil {
		logger.Warn("open-file limit unknown; connections bounded by -max-conns alone", "err", err)
		return asked
	}
	if limit == 0 || limit > 1<<30 {
		return asked
	}
	room := max(int(limit)-max(256, int(limit)/8), int(limit)/2)
	if asked > room {
		logger.Warn("-max-conns lowered to fit the open-file limit", "max_conns", room, "asked", asked, "open_file_limit", limit)
		return room
	}
	return asked
}

// displayAddr turns a listen address into one a browser can open.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
