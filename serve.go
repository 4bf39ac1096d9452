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
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/web"
)

// serveConfig is the configuration of the serve command.
type serveConfig struct {
	addr         string
	logLevel     slog.Level
	logFormat    string
	neo4j        neo4jConfig
	waitForNeo4j time.Duration
	timeout      time.Duration
	corsOrigins  []string
}

// parseServe reads flags, with defaults from the environment.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	var c serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := ":8080"
	if p := getenv("PORT"); p != "" {
		addr = ":" + p
	}
	fs.StringVar(&c.addr, "addr", addr, "listen address (default from PORT: \":$PORT\")")
	level := envOr(getenv, "LOG_LEVEL", "info")
	fs.StringVar(&level, "log-level", level, "log level: debug, info, warn or error (env LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", envOr(getenv, "LOG_FORMAT", "text"), "log format: text or json (env LOG_FORMAT)")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "time limit of one request")
	cors := envOr(getenv, "CORS_ORIGINS", "*")
	fs.StringVar(&cors, "cors-origins", cors, "comma-separated origins whose pages may call /graphql from a browser; * for any, empty for none (env CORS_ORIGINS)")
	fs.DurationVar(&c.waitForNeo4j, "wait-for-neo4j", 0, "keep retrying to reach Neo4j at start for this long (e.g. 60s)")
	c.neo4j.flags(fs, getenv)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: roundtable-kg [serve] [flags]

Serves the GraphQL API at /graphql, the GraphQL IDE at /, the visual explorer at /explore,
the schema at /schema.graphql, downloads of the graph at /export/FORMAT (see "roundtable-kg
export -help"), and /healthz, /readyz and /metrics. Without NEO4J_URI the embedded graph is served; with it,
the graph in Neo4j (NEO4J_PASSWORD is read from the environment only).
Other commands: seed (load Neo4j), coverage (what the graph holds), export (files for other
tools); see "roundtable-kg help".

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, usageErr(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return c, errUsage
	}
	for _, o := range strings.Split(cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.corsOrigins = append(c.corsOrigins, o)
		}
	}
	if err := c.logLevel.UnmarshalText([]byte(level)); err != nil {
		fmt.Fprintf(stderr, "bad -log-level %q: %v\n", level, err)
		return c, errUsage
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		fmt.Fprintf(stderr, "bad -log-format %q: want text or json\n", c.logFormat)
		return c, errUsage
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
	store, ds, err := memory.Seeded()
	if err != nil {
		return nil, nil, err
	}
	logger.Info("embedded graph loaded", "entities", len(ds.Entities), "relationships", len(ds.Relationships),
		"version", ds.Version, "duration_ms", time.Since(start).Milliseconds())
	return store, func() error { return nil }, nil
}

// serve runs the HTTP server until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	c, err := parseServe(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, c)
	store, closeStore, err := openStore(ctx, c, logger)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeStore()) }()

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.addr, err)
	}
	srv := &http.Server{
		Handler:           web.NewHandler(web.Options{Store: store, Logger: logger, Timeout: c.timeout, CORSOrigins: c.corsOrigins, Schema: schema}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      c.timeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	fmt.Fprintf(stdout, "serving GraphQL at http://%s/graphql and the IDE at http://%s/\n", displayAddr(ln.Addr()), displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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
