// Package testenv says what a test does when a tool it needs (Chromium, a JDK, Node.js, wrk) is
// not installed: it skips, with a message saying what to install, except in CI (CI set), where
// every test must run and a missing tool is a failure. Under go test -short, every test that
// needs one of those tools skips (Short).
package testenv

import (
	"os"
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
