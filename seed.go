package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/seed"
)

// seedNeo4j is the seed command: it writes the seed data into Neo4j (neo4j.Store.Seed), with the
// statements of the committed seed scripts and the rows as parameters.
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

Writes the graph into Neo4j: constraints and the type index, then the entities and relationships
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
	if err := c.required("seed", stderr); err != nil {
		return err
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
