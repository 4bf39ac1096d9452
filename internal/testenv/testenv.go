// Package testenv says what a test does when a tool it needs (Chromium, a JDK, Node.js, wrk) is
// not installed: it skips, with a message saying what to install, except in CI (CI set), where
// every test must run and a missing tool is a failure.
package testenv

import (
	"os"
	"testing"
)

// Missing skips tb with msg, or fails it with msg when CI is set.
func Missing(tb testing.TB, msg string) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatal(msg + " (CI is set, so this is a failure, not a skip)")
	}
	tb.Skip(msg)
}
