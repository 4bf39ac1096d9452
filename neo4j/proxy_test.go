package neo4j_test

import (
	"bytes"
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
	// wire counts what passes, over every connection.
	wire wireCount
}

// wireCount is what passed through a proxy: the Bolt RUN messages the driver sent (one per
// statement), its BEGIN messages (one per explicit transaction), the RUN messages it sent outside
// one (each an auto-commit transaction of its own) and the bytes the server sent.
type wireCount struct {
	runs        int
	begins      int
	autoCommits int
	serverBytes int
}

// transactions returns the transactions counted: explicit ones and auto-commit statements.
func (w wireCount) transactions() int { return w.begins + w.autoCommits }

// counted returns what has passed through the proxy so far.
func (p *proxy) counted() wireCount {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.wire
}

// proxyConn is one connection through the proxy: the driver's side and the server's.
type proxyConn struct {
	client, server net.Conn
	fromServer     int // bytes forwarded from the server since the mode was set
	closed         bool
	driver         boltScanner // reads the messages the driver sends
}

// boltScanner finds the messages in what a driver sends over Bolt: after the 20 bytes of the
// handshake (and, when the server answers it with the version manifest 0x000001FF, the driver's
// choice: 4 bytes of version and a variable-length integer of capabilities), each message is a
// sequence of chunks (a two-byte size, then the bytes) ended by a chunk of size 0; a message
// starts with a structure marker and its signature byte.
type boltScanner struct {
	handshake int    // bytes of the handshake seen
	server    []byte // the first 4 bytes the server sent
	chosen    int    // bytes of the driver's choice of version seen, in the manifest handshake
	header    []byte // the bytes of a chunk header seen so far
	left      int    // bytes left in the current chunk
	at        int    // bytes of the current message seen so far
	inTx      bool   // between a BEGIN and its COMMIT, ROLLBACK or RESET
}

// fromServer reads what the server sends: its answer to the handshake.
func (b *boltScanner) fromServer(data []byte) {
	if n := min(4-len(b.server), len(data)); n > 0 {
		b.server = append(b.server, data[:n]...)
	}
}

// manifest reports whether the server answered the handshake with the version manifest.
func (b *boltScanner) manifest() bool {
	return bytes.Equal(b.server, []byte{0x00, 0x00, 0x01, 0xff})
}

// The signatures of the messages that start and end transactions.
const (
	boltRun      = 0x10
	boltBegin    = 0x11
	boltCommit   = 0x12
	boltRollback = 0x13
	boltReset    = 0x0f
)

// scan reads data and returns the number of RUN and BEGIN messages that start in it, and of the
// RUN messages among them sent outside a transaction (auto-commit).
func (b *boltScanner) scan(data []byte) (runs, begins, autoCommits int) {
	for len(data) > 0 {
		if b.handshake < 20 {
			n := min(20-b.handshake, len(data))
			b.handshake += n
			data = data[n:]
			continue
		}
		if b.manifest() && b.chosen >= 0 {
			// The chosen version, then capabilities until a byte without its high bit.
			c := data[0]
			data = data[1:]
			b.chosen++
			if b.chosen > 4 && c&0x80 == 0 {
				b.chosen = -1
			}
			continue
		}
		if b.left == 0 {
			b.header = append(b.header, data[0])
			data = data[1:]
			if len(b.header) == 2 {
				b.left = int(b.header[0])<<8 | int(b.header[1])
				b.header = b.header[:0]
				if b.left == 0 {
					b.at = 0 // the end of a message
				}
			}
			continue
		}
		n := min(b.left, len(data))
		for _, c := range data[:n] {
			if b.at == 1 {
				switch c {
				case boltRun:
					runs++
					if !b.inTx {
						autoCommits++
					}
				case boltBegin:
					begins++
					b.inTx = true
				case boltCommit, boltRollback, boltReset:
					b.inTx = false
				}
			}
			b.at++
		}
		b.left -= n
		data = data[n:]
	}
	return runs, begins, autoCommits
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
	if fromServer {
		p.wire.serverBytes += len(data)
		c.driver.fromServer(data)
	} else {
		runs, begins, autoCommits := c.driver.scan(data)
		p.wire.runs += runs
		p.wire.begins += begins
		p.wire.autoCommits += autoCommits
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
