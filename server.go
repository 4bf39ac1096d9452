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
	"os"
	"os/signal"
	"syscall"
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
  seed      load the graph into Neo4j (NEO4J_URI must be set)
  coverage  print counts of the graph per type, relationship type and source section
  export    write the graph as GraphML, JSON, neo4j-admin CSV or citations CSV

Run "roundtable-kg COMMAND -help" for the flags of a command.
`)
}
