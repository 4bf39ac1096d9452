// Package neo4jtest gives tests a real Neo4j server: Neo4j 5.26 Community, run in process by a
// small Java program (launcher/) with the Bolt connector on 127.0.0.1, authentication on and a
// password made for the run. The first test that asks for it builds the launcher (Maven resolves
// Neo4j into ~/.m2; javac compiles one class into the user's cache directory, once per launcher
// version) and starts the server; Main stops it when the test binary ends. When the test process
// dies instead, the server sees its standard input close and exits too.
//
// With NEO4J_URI set, the tests use that database instead (Aura, Docker, a cluster), with
// NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE. Tests wipe the database they are given.
//
// Without Java or Maven the tests that need Neo4j skip, saying what to install; with CI set, that
// skip is a failure.
package neo4jtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/internal/testenv"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest/launcher"
)

// Server is a Neo4j server for tests (package launcher).
type Server = launcher.Server

// Options size a server's memory.
type Options = launcher.Options

// ErrNoJava means that java, javac or mvn is not on the PATH.
var ErrNoJava = launcher.ErrNoJava

// Start and StartWith start a new server (package launcher).
var (
	Start     = launcher.Start
	StartWith = launcher.StartWith
)

var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// Shared returns the server of this test binary, starting it on first use. It skips tb under
// go test -short (testenv.Short); it skips tb (fails it when the environment variable CI is set)
// when the server cannot be had because Java or Maven is missing; it fails tb on any other error.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	testenv.Short(tb, "Neo4j")
	shared.once.Do(func() {
		if uri := os.Getenv("NEO4J_URI"); uri != "" {
			shared.srv = &Server{
				URI:      uri,
				Username: os.Getenv("NEO4J_USERNAME"),
				Password: os.Getenv("NEO4J_PASSWORD"),
				Database: os.Getenv("NEO4J_DATABASE"),
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		shared.srv, shared.err = Start(ctx)
	})
	if errors.Is(shared.err, ErrNoJava) {
		testenv.Missing(tb, shared.err.Error())
	}
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.srv
}

// Main runs the tests of m and then stops the shared server, if one was started. Use it in
// TestMain: os.Exit(neo4jtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared.srv != nil {
		if err := shared.srv.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "neo4jtest:", err)
		}
	}
	return code
}
