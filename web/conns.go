package web

import (
	"bufio"
	"container/list"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/drugwatch/roundtable-kg/errcode"
)

// DefaultMaxConns is the default bound of the connections the server keeps open at once.
const DefaultMaxConns = 4096

// Listener bounds the connections an http.Server keeps open. At the bound, a new connection
// closes the connection that has been idle (kept alive between requests) the longest; when none
// is idle, the new connection is refused at once with a 503 answer and closed, so that accepting
// never waits and the process never runs out of file descriptors. Create it with LimitConns.
type Listener struct {
	net.Listener
	max int

	mu    sync.Mutex
	conns map[net.Conn]*list.Element // open connections; the element is set while idle
	idle  list.List                  // of net.Conn, idle the longest first

	// refusing bounds the goroutines that answer refused connections: past it they are closed
	// without an answer.
	refusing chan struct{}
}

// LimitConns returns ln bounded to max open connections of srv, and sets srv.ConnState (calling
// the one it had) to follow which connections are idle. srv must serve the returned listener.
func LimitConns(srv *http.Server, ln net.Listener, max int) *Listener {
	l := &Listener{Listener: ln, max: max, conns: map[net.Conn]*list.Element{}, refusing: make(chan struct{}, 64)}
	next := srv.ConnState
	srv.ConnState = func(c net.Conn, s http.ConnState) {
		l.track(c, s)
		if next != nil {
			next(c, s)
		}
	}
	return l
}

// Accept waits for a connection the server may serve, closing an idle one to make room for it
// or refusing it when none is idle.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ok, evicted := l.admit(c)
		if evicted != nil {
			_ = evicted.Close() // its serving goroutine sees the close and ends
		}
		if ok {
			return c, nil
		}
		select {
		case l.refusing <- struct{}{}:
			go func() {
				refuse(c)
				<-l.refusing
			}()
		default:
			_ = c.Close()
		}
	}
}

// admit counts c as open when there is room, making room by evicting the connection idle the
// longest, which the caller closes.
func (l *Listener) admit(c net.Conn) (ok bool, evicted net.Conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.conns) >= l.max {
		oldest := l.idle.Front()
		if oldest == nil {
			return false, nil
		}
		evicted = l.idle.Remove(oldest).(net.Conn)
		delete(l.conns, evicted)
	}
	l.conns[c] = nil
	return true, evicted
}

// track follows the state of a connection the server serves.
func (l *Listener) track(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	el, open := l.conns[c]
	if !open {
		return // evicted already
	}
	if el != nil {
		l.idle.Remove(el)
		l.conns[c] = nil
	}
	switch s {
	case http.StateIdle:
		l.conns[c] = l.idle.PushBack(c)
	case http.StateClosed, http.StateHijacked:
		delete(l.conns, c)
	}
}

// Open returns the number of connections open now, and how many of them are idle.
func (l *Listener) Open() (open, idle int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns), l.idle.Len()
}

// refusal is the answer to a connection refused for lack of room.
var refusal = func() []byte {
	body := `{"errors":[{"message":"the server has too many open connections; try again shortly","extensions":{"code":"` + errcode.ServiceUnavailable + `"}}]}`
	return []byte("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n" +
		"Retry-After: 1\r\nConnection: close\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
}()

// refuse reads the request of c, answers it with the refusal and closes c, within a fraction of
// a second whatever the client does. The request is read first because HTTP clients drop an
// answer that comes before their request.
func refuse(c net.Conn) {
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(250 * time.Millisecond)); err != nil {
		return
	}
	r, err := http.ReadRequest(bufio.NewReader(io.LimitReader(c, 64<<10)))
	if err != nil {
		return
	}
	_ = r.Body.Close()
	if _, err := c.Write(refusal); err != nil {
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		// Close only our side, and drain what the client still sends, so that closing does not
		// reset the connection before the client has read the answer.
		_ = tc.CloseWrite()
		_, _ = io.Copy(io.Discard, io.LimitReader(c, 64<<10))
	}
}
