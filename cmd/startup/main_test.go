package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// One start of the real server binary: it prints where it serves, answers /readyz and the
// GraphQL query, and the times are in order.
func TestStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roundtable-kg")
	build := exec.Command("go", "build", "-o", path, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the server: %v\n%s", err, out)
	}
	ready, answered, cpu, err := start(path, os.Environ())
	if err != nil {
		t.Fatal(err)
	}
	if ready <= 0 || answered < ready || cpu <= 0 {
		t.Errorf("ready after %v, answered after %v, CPU %v: want 0 < ready <= answered and some CPU", ready, answered, cpu)
	}
}
