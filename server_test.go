package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/web"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-help"}, {"serve", "-help"}, {"seed", "-help"}, {"cypher", "-help"}, {"coverage", "-help"}} {
		var out, errOut bytes.Buffer
		err := run(t.Context(), args, env(nil), strings.NewReader(""), &out, &errOut)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut.String(), "Usage:") {
			t.Errorf("%v: err %v, output %q", args, err, errOut.String())
		}
	}
	var errOut bytes.Buffer
	if err := run(t.Context(), []string{"-help"}, env(nil), nil, io.Discard, &errOut); !strings.Contains(errOut.String(), "-addr") || !strings.Contains(errOut.String(), "NEO4J_URI") {
		t.Errorf("serve -help does not document -addr and NEO4J_URI: %v %s", err, errOut.String())
	}
	for _, flag := range []string{"-max-depth", "-max-aliases", "-max-root-fields", "-max-tokens", "-max-fields", "-max-cost", "-introspection", "-trusted-documents", "-apq-cache"} {
		if !strings.Contains(errOut.String(), flag) {
			t.Errorf("serve -help does not document %s", flag)
		}
	}
	for _, line := range strings.Split(errOut.String(), "\n") {
		if strings.Count(line, "(default") > 1 {
			t.Errorf("serve -help states two defaults: %q", line)
		}
	}
	errOut.Reset()
	_ = run(t.Context(), []string{"seed", "-help"}, env(nil), nil, io.Discard, &errOut)
	if strings.Contains(errOut.String(), "embedded") {
		t.Errorf("seed -help speaks of the embedded graph, which seed does not serve:\n%s", errOut.String())
	}
}

func TestUsageErrors(t *testing.T) {
	cases := map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"UnknownCommand":     {[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		"UnknownFlag":        {[]string{"-colour"}, nil, "flag provided but not defined"},
		"BadLogLevel":        {[]string{"-log-level", "loud"}, nil, "bad -log-level"},
		"SeedWithoutURI":     {[]string{"seed"}, nil, "seed needs NEO4J_URI"},
		"CypherWithoutURI":   {[]string{"cypher", "seed/01-schema.cypher"}, nil, "cypher needs NEO4J_URI"},
		"CypherWithoutFiles": {[]string{"cypher"}, map[string]string{"NEO4J_URI": "bolt://127.0.0.1:1"}, "cypher needs one or more script files"},
		"ExtraArgs":          {[]string{"serve", "now"}, nil, "unexpected arguments"},
		"NegativeTimeout":    {[]string{"-timeout", "-1s"}, nil, "bad -timeout"},
		"TinyTimeout":        {[]string{"-timeout", "1ns"}, nil, "bad -timeout"},
		"HugeTimeout":        {[]string{"-timeout", "24h"}, nil, "bad -timeout"},
		"NegativeLimit":      {[]string{"-max-depth", "-1"}, nil, "bad -max-depth"},
		"Neo4jFlagNoURI":     {[]string{"-neo4j-database", "kg"}, nil, "-neo4j-database given without -neo4j-uri"},
		"WaitNoURI":          {[]string{"-wait-for-neo4j", "10s"}, nil, "-wait-for-neo4j given without -neo4j-uri"},
		"NoConns":            {[]string{"-max-conns", "0"}, nil, "bad -max-conns"},
		"BadMaxConnsEnv":     {nil, map[string]string{"MAX_CONNS": "many"}, "bad MAX_CONNS"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var errOut bytes.Buffer
			err := run(t.Context(), tc.args, env(tc.env), strings.NewReader(""), io.Discard, &errOut)
			if !errors.Is(err, errUsage) || !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("err %v, stderr %q; want errUsage and %q", err, errOut.String(), tc.want)
			}
		})
	}
}

// TestServeAndShutdown starts the real server on a free port, queries it over HTTP, then cancels
// its context as SIGTERM would and checks that it stops cleanly.
func TestServeAndShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-log-level", "warn"}, env(nil), nil, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("read the first line: %v (server: %v)", err, <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	fields := strings.Fields(line)
	base := strings.TrimSuffix(fields[3], "/graphql")
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query": "{ entity(id: \"winnipeg\") { name(lang: FR) } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"Winnipeg"`) {
		t.Errorf("response %s", body)
	}
	resp, err = http.Get(base + "/schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "interface Entity {") {
		t.Errorf("GET /schema.graphql does not serve the schema: %.200s", body)
	}
	// A GET longer than the body limit is refused by the GraphQL endpoint, with a GraphQL error,
	// not by the HTTP server's header limit.
	resp, err = http.Get(base + "/graphql?query=" + strings.Repeat("a", 3<<19))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestURITooLong || !strings.Contains(string(body), `"PAYLOAD_TOO_LARGE"`) {
		t.Errorf("GET of 1.5 MiB: %d %.200s, want 414 and a PAYLOAD_TOO_LARGE error", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after shutdown, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func TestPortFromEnvironment(t *testing.T) {
	c, err := parseServe(nil, env(map[string]string{"PORT": "9999"}), io.Discard)
	if err != nil || c.addr != ":9999" {
		t.Errorf("addr %q, err %v; want :9999", c.addr, err)
	}
	c, err = parseServe([]string{"-addr", "127.0.0.1:7000"}, env(map[string]string{"PORT": "9999"}), io.Discard)
	if err != nil || c.addr != "127.0.0.1:7000" {
		t.Errorf("addr %q, err %v; want the flag to win", c.addr, err)
	}
}

func TestMaxConns(t *testing.T) {
	c, err := parseServe(nil, env(nil), io.Discard)
	if err != nil || c.maxConns != web.DefaultMaxConns {
		t.Errorf("max conns %d, err %v; want the default %d", c.maxConns, err, web.DefaultMaxConns)
	}
	c, err = parseServe([]string{"-max-conns", "70"}, env(map[string]string{"MAX_CONNS": "60"}), io.Discard)
	if err != nil || c.maxConns != 70 {
		t.Errorf("max conns %d, err %v; want the flag's 70", c.maxConns, err)
	}
	c, err = parseServe(nil, env(map[string]string{"MAX_CONNS": "60"}), io.Discard)
	if err != nil || c.maxConns != 60 {
		t.Errorf("max conns %d, err %v; want the environment's 60", c.maxConns, err)
	}
	limit, err := openFileLimit()
	if err != nil {
		t.Fatal(err)
	}
	if got := fitConns(1<<29, slog.New(slog.DiscardHandler)); limit != 0 && (got >= int(limit) || got < int(limit)/2) {
		t.Errorf("fitConns(1<<29) = %d with an open-file limit of %d; want below it with room", got, limit)
	}
	if got := fitConns(10, slog.New(slog.DiscardHandler)); got != 10 {
		t.Errorf("fitConns(10) = %d, want 10", got)
	}
}

// TestBusyPort serves on a port already taken: the error says how to choose another.
func TestBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = run(t.Context(), []string{"-addr", ln.Addr().String()}, env(nil), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "address already in use") || !strings.Contains(err.Error(), "-addr") || !strings.Contains(err.Error(), "PORT") {
		t.Errorf("serve on a busy port: %v; want a hint naming -addr and PORT", err)
	}
}

// TestUnreachableNeo4j points the server at a closed port: it must fail within 10 seconds with an
// error that names the URI and not the password.
func TestUnreachableNeo4j(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start := time.Now()
	err = run(t.Context(), []string{"-addr", "127.0.0.1:0"}, env(map[string]string{
		"NEO4J_URI": "bolt://" + addr, "NEO4J_PASSWORD": "s3cret-password",
	}), nil, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("serve started without its Neo4j")
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %s to fail", took)
	}
	if !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q should name %s and not the password", err, addr)
	}
}

func TestCoverage(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"coverage"}, env(nil), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Organization", "PRESENTED_AT", "roundtable-2019/plenary-7", "all evidence"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("coverage output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestSeedResetAsksFirst checks that seed -reset does nothing unless the user types yes: the
// answer is read before any connection is made.
func TestSeedResetAsksFirst(t *testing.T) {
	var out bytes.Buffer
	err := run(t.Context(), []string{"seed", "-reset"}, env(map[string]string{"NEO4J_URI": "bolt://127.0.0.1:1"}), strings.NewReader("no\n"), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not confirmed") || !strings.Contains(out.String(), "Type yes") {
		t.Errorf("err %v, prompt %q; want the question and a refusal", err, out.String())
	}
	if want := `of the home database at bolt://127.0.0.1:1 as "neo4j"?`; !strings.Contains(out.String(), want) {
		t.Errorf("prompt %q; want it to name the database as a person reads it: %s", out.String(), want)
	}
	// With -yes there is no question: the command goes on to connect, and fails on the closed port.
	out.Reset()
	err = run(t.Context(), []string{"seed", "-reset", "-yes"}, env(map[string]string{"NEO4J_URI": "bolt://127.0.0.1:1"}), strings.NewReader(""), &out, io.Discard)
	if err == nil || strings.Contains(out.String(), "Type yes") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("with -yes: err %v, output %q; want a connection error and no question", err, out.String())
	}
}
