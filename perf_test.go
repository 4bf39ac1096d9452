package main

import (
	"io"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
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

func TestGCDefaultsLeaveTheEnvironmentsSettings(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	none := func(string) string { return "" }
	percent, limit := setGCPercent(none), setMemoryLimit(none)
	if percent != defaultGCPercent || limit < minMemoryLimit {
		t.Errorf("defaults: GOGC %d, limit %d; want %d and at least %d", percent, limit, defaultGCPercent, minMemoryLimit)
	}
	debug.SetGCPercent(150)
	debug.SetMemoryLimit(123 << 20)
	env := map[string]string{"GOGC": "150", "GOMEMLIMIT": "123MiB"}
	getenv := func(k string) string { return env[k] }
	percent, limit = setGCPercent(getenv), setMemoryLimit(getenv)
	if percent != 150 || limit != 123<<20 {
		t.Errorf("with GOGC and GOMEMLIMIT set: %d and %d, want 150 and %d", percent, limit, 123<<20)
	}
}
