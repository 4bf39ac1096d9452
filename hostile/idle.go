package hostile

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Idle is a set of open connections to a server, each idle after one answered request.
type Idle struct {
	// Held is the number of connections open and answered; Failed counts the others by error.
	Held   int
	Failed map[string]int
	conns  []net.Conn
}

// HoldIdle opens n connections to addr (HOST:PORT), 32 at a time, sends on each a keep-alive
// GET of /healthz and reads the answer (within 3 s), and leaves the connection open and idle.
// It stops early once 32 connections have failed: the server takes no more. Close them with
// Close.
func HoldIdle(ctx context.Context, addr string, n int) *Idle {
	idle := &Idle{Failed: map[string]int{}}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		jobs = make(chan struct{})
	)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				c, err := openIdle(ctx, addr)
				mu.Lock()
				if err != nil {
					idle.Failed[shortError(err)]++
				} else {
					idle.conns = append(idle.conns, c)
				}
				mu.Unlock()
			}
		}()
	}
	for range n {
		mu.Lock()
		failed := sum(idle.Failed) >= 32
		mu.Unlock()
		if ctx.Err() != nil || failed {
			break
		}
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	idle.Held = len(idle.conns)
	return idle
}

func openIdle(ctx context.Context, addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"); err != nil {
		c.Close()
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		c.Close()
		return nil, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && (resp.StatusCode != http.StatusOK || resp.Close) {
		err = fmt.Errorf("status %d, close %t", resp.StatusCode, resp.Close)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	_ = c.SetDeadline(time.Time{})
	return c, nil
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Close closes every connection held.
func (idle *Idle) Close() {
	for _, c := range idle.conns {
		c.Close()
	}
	idle.conns = nil
}

// NewClients sends CheapQuery n times, one after another, each on a new connection with the
// given time limit, and returns the latencies of the answers and the errors of the others.
func NewClients(ctx context.Context, base string, n int, timeout time.Duration) (took []time.Duration, failed []string) {
	for range n {
		transport := &http.Transport{DisableKeepAlives: true}
		client := &http.Client{Timeout: timeout, Transport: transport}
		ans := send(ctx, client, base, Request{Method: http.MethodPost, Path: "/graphql",
			Body: []byte(`{"query": ` + fmt.Sprintf("%q", CheapQuery) + `}`)})
		switch {
		case ans.err != nil:
			failed = append(failed, shortError(ans.err))
		case !strings.Contains(string(ans.body), `"data":{"entity"`):
			failed = append(failed, fmt.Sprintf("status %d: %.200s", ans.status, ans.body))
		default:
			took = append(took, ans.took)
		}
		transport.CloseIdleConnections()
	}
	return took, failed
}
