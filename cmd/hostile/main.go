// Command hostile runs the attacks of package hostile (the hostile suite's) against the server
// for longer than the tests do, one after another, and prints for each the answers by status
// and code, the answer time p50/p99, the server's peak resident memory, its CPU time during the
// attack and in the 2 s from 100 ms after the last answer, its goroutines before and after, and
// the p50/p99 of a cheap query sent meanwhile.
//
// Without -url it builds the server from this module and starts it on 127.0.0.1 for each attack,
// with the environment of the command (set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD to
// attack it on a seeded Neo4j). With -url it attacks a server already running on loopback, whose
// process -pid names for the readings of /proc (without it, none); the attacks then follow each
// other on the same process.
//
//	go run ./cmd/hostile -duration 60s
//	go run ./cmd/hostile -attacks paths-16,search-16 -duration 5m
//	go run ./cmd/hostile -url http://127.0.0.1:8080 -pid $(pgrep -n roundtable-kg)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/hostile"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hostile:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("hostile", flag.ContinueOnError)
	duration := fs.Duration("duration", 30*time.Second, "how long the clients of each attack start new requests (at most 30m)")
	target := fs.String("url", "", "base `URL` of a server on loopback, e.g. http://127.0.0.1:8080; empty builds and starts one per attack")
	pid := fs.Int("pid", 0, "with -url: the server's process id, for its memory and CPU")
	only := fs.String("attacks", "", "comma-separated `names` of the attacks to run; empty runs all")
	idle := fs.Int("idle", 0, "after the attacks, hold this many idle keep-alive connections and time new clients meanwhile")
	killMiB := fs.Uint64("kill-rss", 4096, "kill a server started here when its resident memory passes this many MiB; 0 never")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *duration <= 0 || *duration > 30*time.Minute {
		return errors.New("-duration: want more than 0 and at most 30m")
	}
	attacks := hostile.Attacks()
	if *only != "" {
		names := strings.Split(*only, ",")
		attacks = slices.DeleteFunc(attacks, func(a hostile.Attack) bool { return !slices.Contains(names, a.Name) })
		if len(attacks) == 0 {
			return fmt.Errorf("-attacks %s: no such attack", *only)
		}
	}
	var bin string
	if *target == "" {
		dir, err := os.MkdirTemp("", "hostile-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		root, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			return fmt.Errorf("find the module: %w", err)
		}
		if bin, err = hostile.Build(filepath.Dir(strings.TrimSpace(string(root))), dir); err != nil {
			return err
		}
	} else if err := loopbackOnly(*target); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d attacks, clients sending for %s each\n\n", len(attacks), *duration)
	for _, a := range attacks {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		o := hostile.Options{Duration: *duration, PID: *pid}
		base := strings.TrimSuffix(*target, "/")
		if bin != "" {
			s, err := hostile.Start(bin, os.Environ())
			if err != nil {
				return err
			}
			base, o.PID, o.KillRSS, o.Kill = s.URL, s.PID(), *killMiB<<20, s.Kill
			r := hostile.Run(ctx, base, a, o)
			fmt.Fprintf(out, "%s\n%s\n", a.What, r)
			if !s.Alive() {
				fmt.Fprintf(out, "  the server ended: %s\n", s.ExitState())
			}
			fmt.Fprintln(out)
			if err := s.Stop(); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(out, "%s\n%s\n\n", a.What, hostile.Run(ctx, base, a, o))
	}
	if *idle > 0 {
		return idleConnections(ctx, out, bin, strings.TrimSuffix(*target, "/"), *idle)
	}
	return nil
}

// idleConnections holds n idle keep-alive connections to the server (one started from bin, or
// the one at base) and sends 10 new clients meanwhile.
func idleConnections(ctx context.Context, out io.Writer, bin, base string, n int) error {
	if bin != "" {
		s, err := hostile.Start(bin, os.Environ())
		if err != nil {
			return err
		}
		defer s.Stop()
		base = s.URL
	}
	start := time.Now()
	held := hostile.HoldIdle(ctx, strings.TrimPrefix(strings.TrimPrefix(base, "http://"), "https://"), n)
	defer held.Close()
	fmt.Fprintf(out, "idle connections: %d of %d held in %.1f s (failed: %v)\n", held.Held, n, time.Since(start).Seconds(), held.Failed)
	took, failed := hostile.NewClients(ctx, base, 10, 10*time.Second)
	fmt.Fprintf(out, "  10 new clients meanwhile: %d answered, p50 %s, max %s; failed: %v\n", len(took),
		hostile.Percentile(took, 0.5), hostile.Percentile(took, 1), failed)
	return nil
}

// loopbackOnly refuses a server off the loopback interface.
func loopbackOnly(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("bad -url: %w", err)
	}
	ip := net.ParseIP(u.Hostname())
	if u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-url %s: only servers on loopback (127.0.0.1, ::1, localhost) may be attacked", target)
	}
	return nil
}
