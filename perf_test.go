package main

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
)

func TestPprofOffByDefault(t *testing.T) {
	getenv := func(string) string { return "" }
	c, err := parseServe(nil, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.perf.pprofAddr != "" {
		t.Errorf("pprof address %q by default, want none", c.perf.pprofAddr)
	}
	c, err = parseServe([]string{"-pprof", "127.0.0.1:0"}, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.perf.pprofAddr != "127.0.0.1:0" {
		t.Errorf("pprof address %q, want 127.0.0.1:0", c.perf.pprofAddr)
	}
}

func TestServePprof(t *testing.T) {
	addr, err := servePprof(t.Context(), "127.0.0.1:0", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr.String() + "/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d, want 200", resp.StatusCode)
	}
}
