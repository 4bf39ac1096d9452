package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"runtime/debug"
	"time"
)

// Garbage collector defaults of the server, chosen by measurement (BENCHMARKS.md): collecting
// at nine times the live heap rather than twice cuts the p99 of the entity page under load by
// half or more; the live heap of the seed graph is some tens of megabytes, so this costs little.
// The memory limit bounds what that costs: it is set above the live heap once the graph is loaded
// (three times it, at least minMemoryLimit), so that garbage is collected before the process
// grows past it. With the seed graph that is 384 MiB, which keeps the server under 512 MiB
// resident while clients send 1 MB requests as fast as it answers them (docs/hostile.md); a large
// graph's heap is collected more often instead of growing ninefold, and never so low that the
// collector runs without pause. GOGC and GOMEMLIMIT in the environment override them.
const (
	defaultGCPercent = 800
	minMemoryLimit   = 384 << 20
)

// perfConfig holds the server's performance settings.
type perfConfig struct {
	// pprofAddr is where net/http/pprof is served; empty (the default) serves it nowhere.
	pprofAddr string
}

func (c *perfConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.pprofAddr, "pprof", "", "serve net/http/pprof on this address, e.g. 127.0.0.1:6060 (off when empty)")
}

// setGCPercent sets the collector's default percentage unless GOGC sets it, and returns the one
// in force. Set before loading the graph, it speeds up the loading of a large one too.
func setGCPercent(getenv func(string) string) int {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	percent := debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	return percent
}

// setMemoryLimit sets the default memory limit, from the live heap, unless GOMEMLIMIT sets one,
// and returns the one in force. Call it once the graph is loaded.
func setMemoryLimit(getenv func(string) string) int64 {
	if getenv("GOMEMLIMIT") == "" {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		debug.SetMemoryLimit(max(minMemoryLimit, 3*int64(m.HeapAlloc)))
	}
	return debug.SetMemoryLimit(-1)
}

// servePprof serves the profiling endpoints on addr until ctx is done, and returns the address it
// listens on. They are never mounted on the API's own address.
func servePprof(ctx context.Context, addr string, logger *slog.Logger) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("pprof: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	logger.Info("serving pprof", "addr", "http://"+ln.Addr().String()+"/debug/pprof/")
	go func() {
		<-ctx.Done()
		_ = srv.Close() // shutting down
	}()
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("pprof", "err", err)
		}
	}()
	return ln.Addr(), nil
}
