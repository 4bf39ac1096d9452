package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/seed"
)

// neo4jConfig holds the Neo4j settings shared by serve and seed. The password is read from the
// environment only, so that it never shows in a process list.
type neo4jConfig struct {
	neo4j.Config
}

func (c *neo4jConfig) flags(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.URI, "neo4j-uri", getenv("NEO4J_URI"), "Neo4j `URI`, e.g. neo4j://localhost:7687 or neo4j+s://xxxx.databases.neo4j.io (env NEO4J_URI)")
	fs.StringVar(&c.Username, "neo4j-username", envOr(getenv, "NEO4J_USERNAME", "neo4j"), "Neo4j user (env NEO4J_USERNAME)")
	fs.StringVar(&c.Database, "neo4j-database", getenv("NEO4J_DATABASE"), "Neo4j database; empty means the user's home database (env NEO4J_DATABASE)")
	c.Password = getenv("NEO4J_PASSWORD")
}

// check refuses Neo4j flags given without a Neo4j URI, which would otherwise be ignored.
func (c *neo4jConfig) check(fs *flag.FlagSet, wait time.Duration) error {
	if c.URI != "" {
		return nil
	}
	var given []string
	fs.Visit(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, "neo4j-") || f.Name == "wait-for-neo4j" {
			given = append(given, "-"+f.Name)
		}
	})
	if len(given) > 0 {
		return fmt.Errorf("%s given without -neo4j-uri (or NEO4J_URI): nothing would use it", strings.Join(given, ", "))
	}
	return nil
}

// connectNeo4j opens the Neo4j store, retrying for up to wait when it is not zero and reporting
// each failed attempt to progress.
func connectNeo4j(ctx context.Context, c neo4jConfig, wait time.Duration, progress io.Writer) (*neo4j.Store, error) {
	if wait > 0 {
		return neo4j.WaitFor(ctx, c.Config, wait, progress)
	}
	return neo4j.Open(ctx, c.Config)
}

// openNeo4j opens the Neo4j store, retrying for up to wait when it is not zero.
func openNeo4j(ctx context.Context, c neo4jConfig, wait time.Duration, logger *slog.Logger) (kg.Store, func() error, error) {
	store, err := connectNeo4j(ctx, c, wait, logWriter{logger})
	if err != nil {
		return nil, nil, err
	}
	version, err := store.DataVersion(ctx)
	if err != nil {
		logger.Warn("neo4j: the graph is not seeded yet; run the seed command", "err", err)
	}
	logger.Info("serving from neo4j", "config", c.String(), "version", version)
	return store, func() error { return store.Close(context.Background()) }, nil
}

// logWriter turns the lines of a progress writer into log records.
type logWriter struct{ logger *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	w.logger.Warn(strings.TrimSpace(string(p)))
	return len(p), nil
}

// seedNeo4j loads the committed seed scripts into Neo4j.
func seedNeo4j(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	var (
		c     neo4jConfig
		reset bool
		yes   bool
		wait  time.Duration
	)
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.flags(fs, getenv)
	fs.BoolVar(&reset, "reset", false, "delete every node and relationship of the database first (asks for confirmation)")
	fs.BoolVar(&yes, "yes", false, "do not ask for confirmation of -reset")
	fs.DurationVar(&wait, "wait-for-neo4j", 0, "keep retrying to reach Neo4j for this long (e.g. 60s)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: roundtable-kg seed [flags]

Loads the graph into Neo4j: constraints and the type index, then the entities and relationships
in batches of parameterised, idempotent MERGE statements (the statements of the committed scripts
seed/*.cypher), then the full-text index, the deletion of what the data no longer has, and last
the data version.
Seeding twice changes nothing; a seed that fails part-way can simply be run again.
NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE say where.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	if c.URI == "" {
		fmt.Fprintln(stderr, "seed needs NEO4J_URI (or -neo4j-uri), e.g. NEO4J_URI=neo4j://localhost:7687")
		return errUsage
	}
	if reset && !yes {
		ok, err := confirm(stdin, stdout, fmt.Sprintf("Delete every node and relationship of %s? Type yes: ", c))
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("reset not confirmed; nothing changed")
		}
	}
	store, err := connectNeo4j(ctx, c, wait, stderr)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close(context.WithoutCancel(ctx))) }()
	ds, err := seed.Load()
	if err != nil {
		return err
	}
	return store.Seed(ctx, ds, neo4j.SeedOptions{Reset: reset}, stdout)
}

// confirm asks a yes/no question on stdout and reads the answer from stdin.
func confirm(stdin io.Reader, stdout io.Writer, question string) (bool, error) {
	fmt.Fprint(stdout, question)
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("read confirmation: %w", err)
	}
	return strings.TrimSpace(strings.ToLower(line)) == "yes", nil
}
