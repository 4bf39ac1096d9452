package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/internal/testenv"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest"
	"github.com/drugwatch/roundtable-kg/seed"
)

func TestMain(m *testing.M) { os.Exit(neo4jtest.Main(m)) }

// neo4jPeerTestDir is the @neo4j/graphql peer, from this package's directory.
const neo4jPeerTestDir = "../../bench/neo4jpeer"

// TestNeo4jPeerAnswers seeds a real Neo4j, serves it with the project's GraphQL handler and with
// the @neo4j/graphql peer (bench/neo4jpeer), and checks, as the load command does before it
// measures, that the peer's answer to every request of the mix it can ask is the project's,
// normalised. Without Node.js or the peer's packages it skips, except in CI, where it fails.
func TestNeo4jPeerAnswers(t *testing.T) {
	node := testenv.Node(t, "check the @neo4j/graphql peer")
	testenv.NodeModules(t, neo4jPeerTestDir, "bench/neo4jpeer", "@neo4j/graphql", "check the @neo4j/graphql peer")
	srv := neo4jtest.Shared(t)
	ctx := context.Background()
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := seedNeo4j(ctx, srv, ds, true); err != nil {
		t.Fatal(err)
	}
	store, err := neo4j.Open(ctx, neo4j.Config{URI: srv.URI, Username: srv.Username, Password: srv.Password, Database: srv.Database})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(ctx)
	ours := httptest.NewServer(graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer ours.Close()

	cmd := exec.Command(node, "server.mjs")
	cmd.Dir = neo4jPeerTestDir
	cmd.Env = append(withoutNeo4j(os.Environ()), "PORT=0", "NEO4J_URI="+srv.URI, "NEO4J_USERNAME="+srv.Username,
		"NEO4J_PASSWORD="+srv.Password, "NEO4J_DATABASE="+srv.Database)
	peerURL, err := startProcess(cmd, "neo4j peer at ")
	if err != nil {
		t.Fatalf("start the peer: %v", err)
	}
	defer func() {
		_ = cmd.Process.Kill() // the peer serves until killed
		_ = cmd.Wait()         // its exit status says nothing once killed
	}()

	mix, err := bench.NewMix(ds.Entities)
	if err != nil {
		t.Fatal(err)
	}
	answers, err := fetchAll(ours.URL, mix)
	if err != nil {
		t.Fatal(err)
	}
	reqs, err := peerMix(mix)
	if err != nil {
		t.Fatal(err)
	}
	n, err := checkPeer(peerURL, mix, reqs, answers)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for name := range peerQueries {
		want += len(mix[name])
	}
	if n != want {
		t.Errorf("%d answers compared, want %d", n, want)
	}
	t.Logf("%d answers of the peer identical to the project's", n)
}
