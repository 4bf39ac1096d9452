package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/drugwatch/roundtable-kg/neo4j"
)

// runCypher runs Cypher script files against the configured Neo4j database, statement by
// statement, as cypher-shell -f does: the way to run the committed seed scripts without
// cypher-shell.
func runCypher(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	var (
		c    neo4jConfig
		wait time.Duration
	)
	fs := flag.NewFlagSet("cypher", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.flags(fs, getenv)
	fs.DurationVar(&wait, "wait-for-neo4j", 0, "keep retrying to reach Neo4j for this long (e.g. 60s)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: roundtable-kg cypher [flags] FILE...

Runs the Cypher scripts FILE... in the order given, statement by statement, each statement in its
own transaction, as cypher-shell -f does, against the database that NEO4J_URI, NEO4J_USERNAME,
NEO4J_PASSWORD and NEO4J_DATABASE name (the user's home database when NEO4J_DATABASE is empty).
It stops at the first statement that fails and names its file and line. For example, the
committed seed scripts:

  roundtable-kg cypher seed/01-schema.cypher seed/02-entities.cypher seed/03-relationships.cypher seed/04-version.cypher

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	if err := c.required("cypher", stderr); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "cypher needs one or more script files, e.g. seed/01-schema.cypher")
		return errUsage
	}
	// Read every file first, so that a wrong name fails before anything is written.
	scripts := make([]neo4j.Script, fs.NArg())
	for i, name := range fs.Args() {
		b, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("cypher: %w", err)
		}
		scripts[i] = neo4j.Script{Name: name, Text: string(b)}
	}
	store, err := connectNeo4j(ctx, c, wait, stderr)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close(context.WithoutCancel(ctx))) }()
	fmt.Fprintf(stdout, "running %d scripts against %s\n", len(scripts), c)
	for _, s := range scripts {
		if err := store.RunScript(ctx, s, stdout); err != nil {
			return err
		}
	}
	return nil
}
