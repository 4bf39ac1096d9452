package web_test

import (
	"bufio"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/web"
)

// startLimited serves the whole handler on a real loopback listener bounded to max connections.
func startLimited(t *testing.T, max int) (string, *web.Listener) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: web.NewHandler(web.Options{Store: mustStore(t), Logger: slog.New(slog.DiscardHandler)}), ReadHeaderTimeout: time.Minute}
	limited := web.LimitConns(srv, ln, max)
	go func() { _ = srv.Serve(limited) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String(), limited
}

// idleConn opens a connection, sends one request on it and reads the answer, leaving it open
// and idle (kept alive).
func idleConn(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz: %d", resp.StatusCode)
	}
	return c
}

// freshGet sends a query on a new connection, with a generous deadline, and returns the status
// and the body.
func freshGet(t *testing.T, addr string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get("http://" + addr + "/graphql?query=%7Bentity(id:%22winnipeg%22)%7Bid%7D%7D")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestIdleConnectionsMakeRoom holds more idle keep-alive connections than the bound: the oldest
// are closed to make room, the server never holds more than the bound, and a new client is served.
func TestIdleConnectionsMakeRoom(t *testing.T) {
	const max = 50
	addr, limited := startLimited(t, max)
	var held []net.Conn
	for range max + 20 {
		held = append(held, idleConn(t, addr))
	}
	if open, _ := limited.Open(); open > max {
		t.Errorf("%d connections open, want at most %d", open, max)
	}
	status, body := freshGet(t, addr)
	if status != http.StatusOK || body != `{"data":{"entity":{"id":"winnipeg"}}}` {
		t.Errorf("a new client: %d %s", status, body)
	}
	// The first connections were closed by the server: reading them ends.
	if err := held[0].SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if n, err := held[0].Read(make([]byte, 1)); err == nil || n != 0 {
		t.Errorf("the connection idle the longest is still open (%d, %v)", n, err)
	}
	// The newest are still served.
	last := held[len(held)-1]
	if _, err := io.WriteString(last, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(last), nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the newest idle connection: %v %v", resp, err)
	}
}

// TestBusyConnectionsRefuseNewOnes holds the bound in connections that have sent nothing (none
// idle): a new client gets a 503 with a GraphQL error at once; when they close, it is served.
func TestBusyConnectionsRefuseNewOnes(t *testing.T) {
	const max = 20
	addr, limited := startLimited(t, max)
	var held []net.Conn
	for range max {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	// Wait until the server has accepted them all (Dial returns once the kernel has).
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if open, _ := limited.Open(); open == max {
			break
		}
	}
	status, body := freshGet(t, addr)
	var got struct {
		Errors []struct{ Extensions struct{ Code string } }
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || status != http.StatusServiceUnavailable ||
		len(got.Errors) != 1 || got.Errors[0].Extensions.Code != "SERVICE_UNAVAILABLE" {
		t.Errorf("a new client at the bound: %d %s (%v), want 503 SERVICE_UNAVAILABLE", status, body, err)
	}
	for _, c := range held {
		c.Close()
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if open, _ := limited.Open(); open == 0 {
			break
		}
	}
	if status, body := freshGet(t, addr); status != http.StatusOK || !strings.Contains(body, "winnipeg") {
		t.Errorf("a new client once the others closed: %d %s", status, body)
	}
}
