package web_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/drugwatch/roundtable-kg/internal/testenv"
)

// TestGraphQLOverHTTPAudit runs the audits of the graphql-http package (web/audit, installed with
// `cd web/audit && npm ci`) against the real server and fails on any error or warning. Without
// Node.js or the package it is skipped, except in CI (CI set), where it fails.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node := testenv.Node(t, "audit the server")
	testenv.NodeModules(t, "audit", "web/audit", "graphql-http", "audit the server")
	srv, _ := newServer(t, mustStore(t))
	cmd := exec.Command(node, "audit.mjs", srv.URL+"/graphql")
	cmd.Dir = "audit"
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, stderr.String())
	}
	counts := map[string]int{}
	scanner := bufio.NewScanner(bytes.NewReader(out))
	for scanner.Scan() {
		var r struct{ ID, Name, Status, Reason string }
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			t.Fatalf("audit output %q: %v", scanner.Text(), err)
		}
		counts[r.Status]++
		if r.Status != "ok" {
			t.Errorf("%s %s: %s: %s", r.Status, r.ID, r.Name, r.Reason)
		}
	}
	t.Logf("audits: %v", counts)
	if counts["ok"] < 50 {
		t.Errorf("only %d audits passed: %v", counts["ok"], counts)
	}
}
