package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"github.com/drugwatch/roundtable-kg/seed"
)

// nodePeers are the Node peers of bench/peer, in the order they are measured: each one process,
// over the same schema, data and resolvers (bench/peer/graph.mjs).
var nodePeers = []struct {
	name   string // the target's name in the report
	entry  string // the script node runs
	prefix string // of the line that gives its address
}{
	{"mercurius", "mercurius.mjs", "mercurius at "}, // Fastify + Mercurius, graphql-jit from a document's second request
	{"yoga", "server.mjs", "peer at "},              // graphql-yoga
}

// startPeers starts the Node peers of peerDir (relative to root) over ds's graph, checks that
// every one of them answers each request of responses as our server did (an error if not), and
// returns them as targets. Without peerDir's node_modules it returns none.
func startPeers(ctx context.Context, root, dir, peerDir string, ds *seed.Dataset, responses map[string]json.RawMessage,
	start func(string, *exec.Cmd, string) (target, error)) ([]target, error) {
	abs := filepath.Join(root, peerDir)
	if _, err := os.Stat(filepath.Join(abs, "node_modules")); err != nil {
		log.Printf("peers left out: no %s/node_modules (run npm ci there)", peerDir)
		return nil, nil
	}
	data := filepath.Join(dir, "graph.json")
	if err := writeJSON(data, exportGraph(ds.Entities, ds.Relationships)); err != nil {
		return nil, err
	}
	var out []target
	for _, p := range nodePeers {
		cmd := exec.CommandContext(ctx, "node", filepath.Join(abs, p.entry))
		cmd.Env = append(os.Environ(), "GRAPH="+data, "SCHEMA="+filepath.Join(root, "schema.graphqls"), "PORT=0")
		t, err := start(p.name, cmd, p.prefix)
		if err != nil {
			return nil, err
		}
		same, differ, err := compare(t.url, responses)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		log.Printf("%s: %d responses identical to ours, %d different", p.name, same, differ)
		if differ > 0 {
			return nil, fmt.Errorf("%s answers %d requests otherwise than our server: its figures would not compare", p.name, differ)
		}
		out = append(out, t)
	}
	return out, nil
}

// compare sends every request of ours to url, twice (a peer may answer a document's second
// request otherwise than its first: Mercurius compiles it then), and counts the requests whose
// two responses are both equal to ours as JSON values.
func compare(url string, ours map[string]json.RawMessage) (same, differ int, err error) {
	bodies := make([]string, 0, len(ours))
	for body := range ours {
		bodies = append(bodies, body)
	}
	slices.Sort(bodies)
	for _, body := range bodies {
		ok := true
		for range 2 {
			theirs, err := post(url, []byte(body))
			if err != nil {
				return 0, 0, fmt.Errorf("%s: %w", body, err)
			}
			if !equalJSON(ours[body], theirs) {
				if differ == 0 && ok {
					log.Printf("differs on %s:\n ours:   %.400s\n theirs: %.400s", body, ours[body], theirs)
				}
				ok = false
			}
		}
		if ok {
			same++
		} else {
			differ++
		}
	}
	return same, differ, nil
}

// equalJSON reports whether two JSON texts are the same value.
func equalJSON(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	p, errX := json.Marshal(x)
	q, errY := json.Marshal(y)
	return errX == nil && errY == nil && string(p) == string(q)
}
