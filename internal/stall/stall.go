// Package stall sends, for tests, a request whose body stops short of its declared length, the
// way a client that stalls does, to a server that must answer it with a coded error.
package stall

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// Post writes to the server at addr a POST of path whose Content-Length is 1,000 but whose body
// stops after its first bytes, and returns the server's answer, with the client's host (which
// the answer must not name).
func Post(tb testing.TB, addr, path string) (status int, body []byte, clientHost string) {
	tb.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		tb.Fatal(err)
	}
	req := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\": ", path)
	if _, err := io.WriteString(conn, req); err != nil {
		tb.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if body, err = io.ReadAll(resp.Body); err != nil {
		tb.Fatal(err)
	}
	clientHost, _, _ = net.SplitHostPort(conn.LocalAddr().String())
	return resp.StatusCode, body, clientHost
}
