package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/drugwatch/roundtable-kg/export"
)

// exportGraph writes the graph, or a neighbourhood, in one of the export formats, to a file or
// to stdout. It reads the embedded graph, or Neo4j when NEO4J_URI is set.
func exportGraph(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "graphml", "format: "+strings.Join(export.Names(), ", "))
	out := fs.String("o", "", "file to write (default stdout)")
	id := fs.String("id", "", "export the neighbourhood of this entity instead of the whole graph")
	depth := fs.Int("depth", 1, "depth of the neighbourhood (with -id)")
	var c serveConfig
	c.neo4j.flags(fs, getenv)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: roundtable-kg export [flags]

Writes the graph in a format other tools open: graphml (Gephi, yEd, Cytoscape), json (nodes and
links), neo4j-nodes and neo4j-relationships (neo4j-admin database import full, with
--array-delimiter="`+export.ArrayDelimiter+`"), citations (one row per quote, with a ready citation),
jsonld (JSON-LD for RDF tools).
The server serves the same files at /export/FORMAT (?id=ID&depth=N for a neighbourhood).

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	f, ok := export.Lookup(*format)
	if !ok {
		fmt.Fprintf(stderr, "unknown format %q; formats: %s\n", *format, strings.Join(export.Names(), ", "))
		return errUsage
	}
	store, closeStore, err := openStore(ctx, c, newLogger(stderr, c))
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeStore()) }()
	scope := export.Scope{ID: *id, Depth: *depth}
	g, err := export.Read(ctx, store, scope)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w := stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer func() { err = errors.Join(err, file.Close()) }()
		w = file
	}
	if err := f.Write(w, g); err != nil {
		return fmt.Errorf("export %s: %w", f.Name, err)
	}
	return nil
}
