// Command neo4j-local runs a local Neo4j 5.26 Community server for trying the server's Neo4j mode
// by hand, without Docker: the same server the tests start (package neo4jtest), on 127.0.0.1, in
// a temporary directory that is removed when it stops. It needs a JDK 17 and Maven; the first run
// downloads Neo4j from Maven Central into ~/.m2.
//
// It prints the environment to give the GraphQL server, then serves until interrupted:
//
//	go run ./cmd/neo4j-local
//	export NEO4J_URI=bolt://127.0.0.1:PORT NEO4J_USERNAME=neo4j NEO4J_PASSWORD=...
//	go run . seed && go run .
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest/launcher"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "neo4j-local:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintln(os.Stderr, "starting Neo4j (the first run downloads it with Maven)...")
	srv, err := launcher.Start(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("export NEO4J_URI=%s NEO4J_USERNAME=%s NEO4J_PASSWORD=%s\n", srv.URI, srv.Username, srv.Password)
	fmt.Fprintln(os.Stderr, "Neo4j is serving; its data is thrown away when it stops. Ctrl-C to stop.")
	<-ctx.Done()
	return srv.Close()
}
