// Command conns holds many idle keep-alive connections open to a server on the loopback
// interface, as a client that exhausts connections would, then times requests of new clients
// while they are held, and reports how many of the held connections the server closed to make
// room. It is bounded in connections (at most 30,000) and in time (every step has a deadline).
//
//	go build -o /tmp/kg . && /tmp/kg -addr 127.0.0.1:8080 &
//	go run ./cmd/conns -addr 127.0.0.1:8080 -conns 19000
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "conns:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("conns", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "host:port of the server, on loopback")
	conns := fs.Int("conns", 19000, "idle keep-alive connections to hold (1 to 30000)")
	keep := fs.Duration("hold", 0, "how long to keep the connections after the probes (at most 10m), for another run to probe meanwhile")
	probes := fs.Int("probes", 20, "requests of new clients to time while the connections are held (1 to 1000)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return fmt.Errorf("bad -addr: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return errors.New("-addr must be a loopback address such as 127.0.0.1:8080")
	}
	if *conns < 1 || *conns > 30000 || *probes < 1 || *probes > 1000 || *keep < 0 || *keep > 10*time.Minute {
		return errors.New("want 1 to 30000 connections, 1 to 1000 probes and -hold up to 10m")
	}
	raiseFileLimit()

	start := time.Now()
	held, counts := hold(*addr, *conns)
	fmt.Fprintf(out, "opened %d connections in %s: %d served and kept alive, %d refused with 503, %d closed without an answer, %d failed to connect\n",
		*conns, time.Since(start).Round(time.Millisecond), counts.served.Load(), counts.refused.Load(), counts.closed.Load(), counts.failed.Load())

	var took []time.Duration
	failures := 0
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for range *probes {
		t0 := time.Now()
		resp, err := client.Get("http://" + *addr + "/graphql?query=%7Bentity(id:%22winnipeg%22)%7Bid%7D%7D")
		if err != nil {
			failures++
			fmt.Fprintln(out, "probe:", err)
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || string(body) != `{"data":{"entity":{"id":"winnipeg"}}}` {
			failures++
			fmt.Fprintf(out, "probe: %d %.200s %v\n", resp.StatusCode, body, err)
			continue
		}
		took = append(took, time.Since(t0))
	}
	slices.Sort(took)
	if len(took) > 0 {
		fmt.Fprintf(out, "new clients while they are held: %d of %d answered correctly; fastest %s, median %s, slowest %s\n",
			len(took), *probes, took[0].Round(time.Microsecond), took[len(took)/2].Round(time.Microsecond), took[len(took)-1].Round(time.Microsecond))
	} else {
		fmt.Fprintf(out, "new clients while they are held: none of %d answered correctly\n", *probes)
	}

	open := stillOpen(held)
	fmt.Fprintf(out, "held connections still open on the server's side: %d of %d\n", open, len(held))
	time.Sleep(*keep)
	for _, c := range held {
		c.Close()
	}
	if failures > 0 {
		return fmt.Errorf("%d of %d new clients were not served", failures, *probes)
	}
	return nil
}

type counts struct{ served, refused, closed, failed atomic.Int64 }

// hold opens n connections, 64 at a time, each sending one request and reading its answer; it
// returns those kept alive.
func hold(addr string, n int) ([]net.Conn, *counts) {
	var (
		mu   sync.Mutex
		held []net.Conn
		c    counts
		wg   sync.WaitGroup
	)
	next := atomic.Int64{}
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
				if err != nil {
					c.failed.Add(1)
					continue
				}
				status := request(conn)
				switch status {
				case http.StatusOK:
					c.served.Add(1)
					mu.Lock()
					held = append(held, conn)
					mu.Unlock()
					continue
				case http.StatusServiceUnavailable:
					c.refused.Add(1)
				default:
					c.closed.Add(1)
				}
				conn.Close()
			}
		}()
	}
	wg.Wait()
	return held, &c
}

// request sends a GET /healthz on conn and returns the status of the answer, 0 for none.
func request(conn net.Conn) int {
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		return 0
	}
	defer conn.SetDeadline(time.Time{})
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		return 0
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// stillOpen counts the connections the server has not closed: reading them waits rather than
// ending.
func stillOpen(conns []net.Conn) int {
	open := 0
	for _, c := range conns {
		if err := c.SetReadDeadline(time.Now().Add(time.Millisecond)); err != nil {
			continue
		}
		_, err := c.Read(make([]byte, 1))
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			open++
		}
	}
	return open
}

// raiseFileLimit raises the soft limit of open files to the hard limit, for the connections held.
func raiseFileLimit() {
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil && lim.Cur < lim.Max {
		lim.Cur = lim.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
}
