package neo4j_test

import (
	"net"
	"sync"
	"testing"
)

// faultMode is what a proxy does to the connections between the driver and the server.
type faultMode int

const (
	// pass forwards both ways.
	pass faultMode = iota
	// refuse closes the listening socket and every open connection, as a server that died: new
	// connections are refused until the proxy passes again.
	refuse
	// reset answers every connection, open or new, with a TCP reset.
	reset
	// stall accepts connections and keeps them open, but forwards nothing either way, as a server
	// that hangs or a network that drops packets.
	stall
	// cut closes each connection once the server has sent it cutAfter bytes since the mode was set
	// (or since the connection was opened, for a new one): a result cut off in the middle.
	cut
)

func (m faultMode) String() string {
	return [...]string{"pass", "refuse", "reset", "stall", "cut"}[m]
}

// proxy is a TCP proxy between the driver and a real server, which injects faults on command.
type proxy struct {
	t      testing.TB
	addr   string // where the driver connects
	target string // the server

	mu       sync.Mutex
	cond     *sync.Cond // signalled when the mode changes or a connection closes
	mode     faultMode
	cutAfter int
	ln       net.Listener
	conns    map[*proxyConn]bool
	wg       sync.WaitGroup
}

// proxyConn is one connection through the proxy: the driver's side and the server's.
type proxyConn struct {
	client, server net.Conn
	fromServer     int // bytes forwarded from the server since the mode was set
	closed         bool
}

// newProxy listens on a free port of 127.0.0.1 and forwards to target (host:port) until the test
// ends.
func newProxy(t testing.TB, target string) *proxy {
	t.Helper()
	p := &proxy{t: t, target: target, conns: map[*proxyConn]bool{}}
	p.cond = sync.NewCond(&p.mu)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.listen(ln)
	t.Cleanup(func() {
		p.mu.Lock()
		if p.ln != nil {
			p.ln.Close()
			p.ln = nil
		}
		for c := range p.conns {
			p.closeLocked(c, false)
		}
		p.cond.Broadcast()
		p.mu.Unlock()
		p.wg.Wait()
	})
	return p
}

// set switches the proxy to mode; for cut, n is the number of bytes each connection still gets
// from the server.
func (p *proxy) set(mode faultMode, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode, p.cutAfter = mode, n
	for c := range p.conns {
		c.fromServer = 0
		switch mode {
		case refuse:
			p.closeLocked(c, false)
		case reset:
			p.closeLocked(c, true)
		}
	}
	switch {
	case mode == refuse && p.ln != nil:
		p.ln.Close()
		p.ln = nil
	case mode != refuse && p.ln == nil:
		ln, err := net.Listen("tcp", p.addr)
		if err != nil {
			p.t.Errorf("proxy: listen again on %s: %v", p.addr, err)
			break
		}
		p.listenLocked(ln)
	}
	p.cond.Broadcast()
}

func (p *proxy) listen(ln net.Listener) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listenLocked(ln)
}

func (p *proxy) listenLocked(ln net.Listener) {
	p.ln = ln
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.handle(c)
			}()
		}
	}()
}

func (p *proxy) handle(client net.Conn) {
	p.mu.Lock()
	mode := p.mode
	p.mu.Unlock()
	if mode == reset {
		resetConn(client)
		return
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	c := &proxyConn{client: client, server: server}
	p.mu.Lock()
	if p.ln == nil && p.mode == refuse {
		p.mu.Unlock()
		client.Close()
		server.Close()
		return
	}
	p.conns[c] = true
	p.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.pipe(c, server, client, true) }()
	go func() { defer wg.Done(); p.pipe(c, client, server, false) }()
	wg.Wait()
	p.mu.Lock()
	p.closeLocked(c, false)
	delete(p.conns, c)
	p.mu.Unlock()
}

// pipe copies from src to dst, applying the proxy's mode to each read.
func (p *proxy) pipe(c *proxyConn, src, dst net.Conn, fromServer bool) {
	buf := make([]byte, 32*1024)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			data, closeAfter := p.admit(c, buf[:n], fromServer)
			if data == nil && closeAfter {
				return
			}
			if _, werr := dst.Write(data); werr != nil {
				return
			}
			if closeAfter {
				p.mu.Lock()
				p.closeLocked(c, false)
				p.mu.Unlock()
				return
			}
		}
		if err != nil {
			p.mu.Lock()
			p.closeLocked(c, false)
			p.mu.Unlock()
			return
		}
	}
}

// admit waits while the proxy stalls and returns the part of data that may pass, and whether the
// connection must be closed after it.
func (p *proxy) admit(c *proxyConn, data []byte, fromServer bool) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.mode == stall && !c.closed {
		p.cond.Wait()
	}
	if c.closed {
		return nil, true
	}
	if p.mode != cut || !fromServer {
		return data, false
	}
	left := p.cutAfter - c.fromServer
	if len(data) < left {
		c.fromServer += len(data)
		return data, false
	}
	c.fromServer += max(left, 0)
	return data[:max(left, 0)], true
}

// closeLocked closes both sides of c, with a TCP reset towards the driver when rst is set.
func (p *proxy) closeLocked(c *proxyConn, rst bool) {
	if c.closed {
		return
	}
	c.closed = true
	if rst {
		resetConn(c.client)
	} else {
		c.client.Close()
	}
	c.server.Close()
	p.cond.Broadcast()
}

// resetConn closes c with a TCP reset (RST) instead of an orderly close (FIN).
func resetConn(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // on failure the close is an orderly one, which the tests also survive
	}
	c.Close()
}
