// Package boltcount is a TCP proxy between Bolt clients and a Neo4j server that counts, on the
// wire, the Cypher statements the clients send (RUN messages) and the bytes the server sends back.
// Put between a GraphQL server and Neo4j, it tells how many statements and how many bytes of
// results each request costs, whatever the server's language or driver.
//
// Bolt, after its handshake, is a stream of messages in both directions, each message cut into
// chunks of a 2-byte big-endian size and that many bytes, ended by a chunk of size 0. A message is
// a PackStream structure: a marker byte (0xB0 and the number of fields), then its signature byte;
// RUN is 0x10. The handshake is the client's magic 0x6060B017 and four version proposals (16
// bytes), and the server's choice (4 bytes). When the server chooses the manifest handshake
// (0x000001FF, Bolt 5.7 and later), it then sends a varint count, that many versions and a
// varint of capabilities, and the client answers with its version (4 bytes) and a varint.
package boltcount

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// Counts are what a proxy has seen since it started.
type Counts struct {
	// Runs is the number of RUN messages from clients: one per Cypher statement.
	Runs int64
	// Messages is the number of messages from clients, RUN included (BEGIN, PULL, COMMIT, ...).
	Messages int64
	// BytesToClient is the number of bytes the server sent to clients, handshakes included.
	BytesToClient int64
}

// Sub returns c less before: the counts of what happened between two readings.
func (c Counts) Sub(before Counts) Counts {
	return Counts{Runs: c.Runs - before.Runs, Messages: c.Messages - before.Messages, BytesToClient: c.BytesToClient - before.BytesToClient}
}

// Proxy forwards every connection it accepts to the server and counts what passes.
type Proxy struct {
	ln       net.Listener
	target   string
	runs     atomic.Int64
	messages atomic.Int64
	down     atomic.Int64

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// Start listens on a free port of 127.0.0.1 and forwards each connection to target (host:port).
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("boltcount: listen: %w", err)
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr returns the address clients connect to, host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Counts returns the counts so far.
func (p *Proxy) Counts() Counts {
	return Counts{Runs: p.runs.Load(), Messages: p.messages.Load(), BytesToClient: p.down.Load()}
}

// Close stops accepting, closes every connection and waits for their copies to end.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		_ = c.Close() // closing: its copy ends with an error nobody reads
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return // closed
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = client.Close() // the client sees the server as down
			continue
		}
		if !p.track(client) || !p.track(server) {
			_ = client.Close()
			_ = server.Close()
			continue
		}
		p.wg.Add(1)
		go p.serve(client, server)
	}
}

// serve copies both ways until either side closes, then closes both.
func (p *Proxy) serve(client, server net.Conn) {
	defer p.wg.Done()
	defer p.untrack(client)
	defer p.untrack(server)
	chosen := make(chan uint32, 1) // the server's handshake answer, for the client's parser
	done := make(chan struct{}, 2)
	go func() {
		up := &parser{chosen: chosen, runs: &p.runs, messages: &p.messages}
		_, _ = io.Copy(server, io.TeeReader(client, up)) // ends when either side closes
		_ = server.Close()
		done <- struct{}{}
	}()
	go func() {
		down := &serverSide{chosen: chosen, bytes: &p.down}
		_, _ = io.Copy(client, io.TeeReader(server, down))
		_ = client.Close()
		close(chosen) // unblocks a client parser still waiting: the connection is over
		done <- struct{}{}
	}()
	<-done
	<-done
}

// manifest is the server's handshake answer that starts the manifest handshake.
const manifest = 0x000001FF

// runSignature is the signature byte of a RUN message.
const runSignature = 0x10

// serverSide counts the server's bytes and reads its handshake answer, which says how the
// client's side of the handshake goes on.
type serverSide struct {
	chosen chan<- uint32
	bytes  *atomic.Int64
	head   []byte
	sent   bool
}

func (s *serverSide) Write(b []byte) (int, error) {
	s.bytes.Add(int64(len(b)))
	if !s.sent {
		need := min(4-len(s.head), len(b))
		s.head = append(s.head, b[:need]...)
		if len(s.head) == 4 {
			s.chosen <- uint32(s.head[0])<<24 | uint32(s.head[1])<<16 | uint32(s.head[2])<<8 | uint32(s.head[3])
			s.sent = true
		}
	}
	return len(b), nil
}

// The states of the client's side.
const (
	stHandshake   = iota // the magic and the four proposals
	stAnswer             // waiting for the server's choice
	stVersion            // manifest: the client's chosen version
	stCapability         // manifest: the client's capabilities, a varint
	stChunkHeader        // the 2-byte size of the next chunk
	stChunk              // inside a chunk
)

// parser follows the client's bytes and counts its messages and RUN messages.
type parser struct {
	chosen   <-chan uint32
	runs     *atomic.Int64
	messages *atomic.Int64

	state     int
	skip      int    // bytes left of a fixed-size part of the handshake
	size      []byte // the chunk header read so far
	left      int    // bytes left in the current chunk
	pos       int    // bytes of the current message read so far
	signature byte
}

var errNoAnswer = errors.New("boltcount: the server closed before answering the handshake")

func (p *parser) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		switch p.state {
		case stHandshake:
			if p.skip == 0 {
				p.skip = 20
			}
			k := min(p.skip, len(b))
			p.skip -= k
			b = b[k:]
			if p.skip == 0 {
				p.state = stAnswer
			}
		case stAnswer:
			// The client sends nothing more before the server has answered, so this waits only
			// for the other copy to have read the answer.
			v, ok := <-p.chosen
			if !ok {
				return n, errNoAnswer
			}
			if v == manifest {
				p.state, p.skip = stVersion, 4
			} else {
				p.state = stChunkHeader
			}
		case stVersion:
			k := min(p.skip, len(b))
			p.skip -= k
			b = b[k:]
			if p.skip == 0 {
				p.state = stCapability
			}
		case stCapability:
			c := b[0]
			b = b[1:]
			if c&0x80 == 0 {
				p.state = stChunkHeader
			}
		case stChunkHeader:
			p.size = append(p.size, b[0])
			b = b[1:]
			if len(p.size) < 2 {
				continue
			}
			size := int(p.size[0])<<8 | int(p.size[1])
			p.size = p.size[:0]
			if size == 0 {
				if p.pos > 0 { // the end of a message; alone, a 0 chunk is a no-op
					p.messages.Add(1)
					if p.signature == runSignature {
						p.runs.Add(1)
					}
					p.pos, p.signature = 0, 0
				}
				continue
			}
			p.state, p.left = stChunk, size
		case stChunk:
			k := min(p.left, len(b))
			if p.pos <= 1 && p.pos+k > 1 {
				p.signature = b[1-p.pos]
			}
			p.pos += k
			p.left -= k
			b = b[k:]
			if p.left == 0 {
				p.state = stChunkHeader
			}
		}
	}
	return n, nil
}
