// Package testenv says what a test does when a tool it needs (Chromium, a JDK, Node.js, wrk) is
// not installed: it skips, with a message saying what to install, except in CI (CI set), where
// every test must run and a missing tool is a failure. Under go test -short, every test that
// needs one of those tools skips (Short).
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Short skips tb under go test -short, saying what it needs. -short is the inner loop: it runs
// every test that needs no JVM (Neo4j), browser (Chromium), Node.js or wrk, and those that do
// skip here, by this one rule, whether or not the tool is installed.
func Short(tb testing.TB, needs string) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("-short: this test needs " + needs)
	}
}

// Missing skips tb with msg, or fails it with msg when CI is set.
func Missing(tb testing.TB, msg string) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatal(msg + " (CI is set, so this is a failure, not a skip)")
	}
	tb.Skip(msg)
}

// Node returns the path of node for a test that runs a Node.js script to what (a phrase: "lint
// the Cypher"). It skips under -short (Short); without node the test is Missing.
func Node(tb testing.TB, what string) string {
	tb.Helper()
	Short(tb, "Node.js and npm")
	node, err := exec.LookPath("node")
	if err != nil {
		Missing(tb, "node not found: install Node.js and npm (Debian: apt-get install nodejs npm) to "+what)
	}
	return node
}

// NodeModules makes the test Missing unless the npm package pkg is installed in dir, the folder
// of a package.json that the repository calls repoDir (`cd repoDir && npm ci` installs it).
func NodeModules(tb testing.TB, dir, repoDir, pkg, what string) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg)); err != nil {
		Missing(tb, repoDir+"/node_modules is not installed: run `cd "+repoDir+" && npm ci` to "+what)
	}
}
