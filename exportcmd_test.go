package main

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/drugwatch/roundtable-kg/seed"
)

func TestExportCommand(t *testing.T) {
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "graph.graphml")
	var errOut bytes.Buffer
	if err := run(t.Context(), []string{"export", "-format", "graphml", "-o", file}, env(nil), nil, &bytes.Buffer{}, &errOut); err != nil {
		t.Fatalf("export: %v\n%s", err, errOut.String())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Nodes []struct{} `xml:"graph>node"`
		Edges []struct{} `xml:"graph>edge"`
	}
	if err := xml.Unmarshal(data, &g); err != nil || len(g.Nodes) != len(ds.Entities) || len(g.Edges) != len(ds.Relationships) {
		t.Errorf("GraphML file: %v, %d nodes, %d edges", err, len(g.Nodes), len(g.Edges))
	}
	var out bytes.Buffer
	if err := run(t.Context(), []string{"export", "-format", "neo4j-relationships", "-id", "j-code", "-depth", "1"}, env(nil), nil, &out, &errOut); err != nil {
		t.Fatalf("export to stdout: %v", err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Errorf("relationships of the neighbourhood of j-code: %v, %d rows", err, len(rows))
	}
	if err := run(t.Context(), []string{"export", "-format", "pdf"}, env(nil), nil, &out, &errOut); !errors.Is(err, errUsage) {
		t.Errorf("unknown format: %v, want a usage error", err)
	}
}
