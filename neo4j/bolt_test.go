package neo4j_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"
)

// boltServer is a small Bolt 5.0 server on a real socket, for the tests of connection faults: it
// speaks enough of the protocol for the real driver to connect, log in, fetch a routing table and
// run statements, and answers each statement with the rows that answer returns for it. It can
// reject the credentials, stop answering, go away and come back on the same port.
type boltServer struct {
	t      testing.TB
	addr   string
	answer answerFunc

	mu         sync.Mutex
	ln         net.Listener
	conns      map[net.Conn]bool
	rejectAuth bool
	silent     bool
	queries    []string
}

// answerFunc answers a statement with its parameters.
type answerFunc func(query string, params map[string]any) reply

// reply is the answer to one statement: its columns, its rows, and for writes the counters of
// what it changed (Bolt's "stats": "nodes-created", "properties-set", ...).
type reply struct {
	fields []string
	rows   [][]any
	stats  map[string]any
}

func newBoltServer(t testing.TB, answer answerFunc) *boltServer {
	s := &boltServer{t: t, answer: answer, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.stop)
	return s
}

func (s *boltServer) serve(ln net.Listener) {
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.mu.Unlock()
			go s.handle(c)
		}
	}()
}

// stop closes the listener and every connection, as a server that dies does.
func (s *boltServer) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		s.ln.Close()
		s.ln = nil
	}
	for c := range s.conns {
		c.Close()
		delete(s.conns, c)
	}
}

// restart listens again on the same address.
func (s *boltServer) restart() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.serve(ln)
}

func (s *boltServer) set(f func(s *boltServer)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *boltServer) handle(c net.Conn) {
	defer func() {
		c.Close()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	hs := make([]byte, 20)
	if _, err := io.ReadFull(c, hs); err != nil || !bytes.Equal(hs[:4], []byte{0x60, 0x60, 0xb0, 0x17}) {
		return
	}
	if _, err := c.Write([]byte{0, 0, 0, 5}); err != nil { // Bolt 5.0
		return
	}
	var pending reply
	for {
		msg, err := readMessage(c)
		if err != nil || len(msg) < 2 {
			return
		}
		s.mu.Lock()
		silent, reject := s.silent, s.rejectAuth
		s.mu.Unlock()
		if silent {
			continue
		}
		var out bytes.Buffer
		switch msg[1] {
		case 0x01: // HELLO
			if reject {
				writeMessage(&out, 0x7f, map[string]any{"code": "Neo.ClientError.Security.Unauthorized",
					"message": "The client is unauthorized due to authentication failure."})
				c.Write(out.Bytes())
				return
			}
			writeMessage(&out, 0x70, map[string]any{"server": "Neo4j/5.26.0", "connection_id": "bolt-1"})
		case 0x66: // ROUTE
			servers := []any{}
			for _, role := range []string{"ROUTE", "READ", "WRITE"} {
				servers = append(servers, map[string]any{"addresses": []any{s.addr}, "role": role})
			}
			writeMessage(&out, 0x70, map[string]any{"rt": map[string]any{"ttl": int64(300), "db": "neo4j", "servers": servers}})
		case 0x10: // RUN
			u := &unpacker{b: msg[2:]}
			query, _ := u.value().(string)
			params, _ := u.value().(map[string]any)
			if u.err != nil {
				s.t.Errorf("bolt server: RUN: %v", u.err)
				return
			}
			s.mu.Lock()
			s.queries = append(s.queries, query)
			s.mu.Unlock()
			pending = s.answer(query, params)
			list := make([]any, len(pending.fields))
			for i, f := range pending.fields {
				list[i] = f
			}
			writeMessage(&out, 0x70, map[string]any{"fields": list, "t_first": int64(0)})
		case 0x3f: // PULL
			for _, row := range pending.rows {
				writeMessage(&out, 0x71, row)
			}
			meta := map[string]any{"type": "r", "t_last": int64(0), "db": "neo4j"}
			if pending.stats != nil {
				meta["type"], meta["stats"] = "w", pending.stats
			}
			pending = reply{}
			writeMessage(&out, 0x70, meta)
		case 0x12: // COMMIT
			writeMessage(&out, 0x70, map[string]any{"bookmark": "fb:1"})
		case 0x02: // GOODBYE
			return
		default: // BEGIN, ROLLBACK, RESET, DISCARD
			writeMessage(&out, 0x70, map[string]any{})
		}
		if _, err := c.Write(out.Bytes()); err != nil {
			return
		}
	}
}

// readMessage reads one chunked message.
func readMessage(r io.Reader) ([]byte, error) {
	var msg []byte
	for {
		var size [2]byte
		if _, err := io.ReadFull(r, size[:]); err != nil {
			return nil, err
		}
		n := binary.BigEndian.Uint16(size[:])
		if n == 0 {
			if len(msg) == 0 {
				continue // a NOOP chunk
			}
			return msg, nil
		}
		chunk := make([]byte, n)
		if _, err := io.ReadFull(r, chunk); err != nil {
			return nil, err
		}
		msg = append(msg, chunk...)
	}
}

// writeMessage appends a message with one field (a map for SUCCESS and FAILURE, a list for
// RECORD), chunked.
func writeMessage(w *bytes.Buffer, sig byte, field any) {
	var body bytes.Buffer
	body.WriteByte(0xb1)
	body.WriteByte(sig)
	pack(&body, field)
	data := body.Bytes()
	for len(data) > 0 {
		n := min(len(data), math.MaxUint16)
		binary.Write(w, binary.BigEndian, uint16(n))
		w.Write(data[:n])
		data = data[n:]
	}
	w.Write([]byte{0, 0})
}

// pack writes a value in PackStream: nil, bool, int64, float64, string, lists, maps, and the
// graph structures node, relationship and path.
func pack(w *bytes.Buffer, v any) {
	header := func(n int, tiny, b8, b16, b32 byte) {
		switch {
		case n < 16:
			w.WriteByte(tiny | byte(n))
		case n < 1<<8:
			w.WriteByte(b8)
			w.WriteByte(byte(n))
		case n < 1<<16:
			w.WriteByte(b16)
			binary.Write(w, binary.BigEndian, uint16(n))
		default:
			w.WriteByte(b32)
			binary.Write(w, binary.BigEndian, uint32(n))
		}
	}
	switch x := v.(type) {
	case nil:
		w.WriteByte(0xc0)
	case bool:
		if x {
			w.WriteByte(0xc3)
		} else {
			w.WriteByte(0xc2)
		}
	case int:
		pack(w, int64(x))
	case int64:
		if x >= -16 && x < 128 {
			w.WriteByte(byte(int8(x)))
		} else {
			w.WriteByte(0xcb)
			binary.Write(w, binary.BigEndian, x)
		}
	case float64:
		w.WriteByte(0xc1)
		binary.Write(w, binary.BigEndian, math.Float64bits(x))
	case string:
		header(len(x), 0x80, 0xd0, 0xd1, 0xd2)
		w.WriteString(x)
	case []any:
		header(len(x), 0x90, 0xd4, 0xd5, 0xd6)
		for _, e := range x {
			pack(w, e)
		}
	case []string:
		header(len(x), 0x90, 0xd4, 0xd5, 0xd6)
		for _, e := range x {
			pack(w, e)
		}
	case []int64:
		header(len(x), 0x90, 0xd4, 0xd5, 0xd6)
		for _, e := range x {
			pack(w, e)
		}
	case boltNode:
		w.Write([]byte{0xb4, 'N'})
		pack(w, x.id)
		labels := make([]any, len(x.labels))
		for i, l := range x.labels {
			labels[i] = l
		}
		pack(w, labels)
		pack(w, x.props)
		pack(w, fmt.Sprintf("4:fake:%d", x.id))
	case boltRel:
		w.Write([]byte{0xb8, 'R'})
		pack(w, x.id)
		pack(w, x.start)
		pack(w, x.end)
		pack(w, x.typ)
		pack(w, x.props)
		pack(w, fmt.Sprintf("5:fake:%d", x.id))
		pack(w, fmt.Sprintf("4:fake:%d", x.start))
		pack(w, fmt.Sprintf("4:fake:%d", x.end))
	case boltPath:
		// Bolt writes a path as its distinct nodes, its relationships without ends, and indices:
		// for each step the relationship's (1-based, negative when walked against its direction)
		// and the next node's.
		w.Write([]byte{0xb3, 'P'})
		nodes := make([]any, len(x.nodes))
		for i, n := range x.nodes {
			nodes[i] = n
		}
		pack(w, nodes)
		rels := make([]any, len(x.rels))
		var indices []any
		for i, r := range x.rels {
			var b bytes.Buffer
			b.Write([]byte{0xb4, 'r'})
			pack(&b, r.id)
			pack(&b, r.typ)
			pack(&b, r.props)
			pack(&b, fmt.Sprintf("5:fake:%d", r.id))
			rels[i] = rawPack(b.Bytes())
			idx := int64(i + 1)
			if r.start != x.nodes[i].id {
				idx = -idx
			}
			indices = append(indices, idx, int64(i+1))
		}
		pack(w, rels)
		pack(w, indices)
	case rawPack:
		w.Write(x)
	case map[string]any:
		header(len(x), 0xa0, 0xd8, 0xd9, 0xda)
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			pack(w, k)
			pack(w, x[k])
		}
	default:
		panic("pack: unsupported type")
	}
}

// boltNode, boltRel and boltPath are the graph structures of Bolt 5, with element ids derived
// from the numeric ids.
type boltNode struct {
	id     int64
	labels []string
	props  map[string]any
}

type boltRel struct {
	id, start, end int64
	typ            string
	props          map[string]any
}

type boltPath struct {
	nodes []boltNode
	rels  []boltRel
}

// rawPack is a value already packed.
type rawPack []byte

// unpacker reads PackStream values: the statement and parameters of a RUN message.
type unpacker struct {
	b   []byte
	err error
}

func (u *unpacker) next(n int) []byte {
	if u.err != nil || n > len(u.b) {
		u.err = errors.New("truncated PackStream value")
		return make([]byte, n)
	}
	out := u.b[:n]
	u.b = u.b[n:]
	return out
}

func (u *unpacker) size(m byte, tiny byte) int {
	switch {
	case m&0xf0 == tiny:
		return int(m & 0x0f)
	case m&0x03 == 0:
		return int(u.next(1)[0])
	case m&0x03 == 1:
		return int(binary.BigEndian.Uint16(u.next(2)))
	default:
		return int(binary.BigEndian.Uint32(u.next(4)))
	}
}

func (u *unpacker) value() any {
	m := u.next(1)[0]
	switch {
	case m < 0x80 || m >= 0xf0:
		return int64(int8(m))
	case m == 0xc0:
		return nil
	case m == 0xc1:
		return math.Float64frombits(binary.BigEndian.Uint64(u.next(8)))
	case m == 0xc2, m == 0xc3:
		return m == 0xc3
	case m == 0xc8:
		return int64(int8(u.next(1)[0]))
	case m == 0xc9:
		return int64(int16(binary.BigEndian.Uint16(u.next(2))))
	case m == 0xca:
		return int64(int32(binary.BigEndian.Uint32(u.next(4))))
	case m == 0xcb:
		return int64(binary.BigEndian.Uint64(u.next(8)))
	case m&0xf0 == 0x80, m >= 0xd0 && m <= 0xd2:
		return string(u.next(u.size(m, 0x80)))
	case m&0xf0 == 0x90, m >= 0xd4 && m <= 0xd6:
		list := make([]any, u.size(m, 0x90))
		for i := range list {
			list[i] = u.value()
		}
		return list
	case m&0xf0 == 0xa0, m >= 0xd8 && m <= 0xda:
		n := u.size(m, 0xa0)
		out := make(map[string]any, n)
		for range n {
			k, _ := u.value().(string)
			out[k] = u.value()
		}
		return out
	}
	u.err = fmt.Errorf("unsupported PackStream marker %#x", m)
	return nil
}

// graphAnswer answers the store's statements as a seeded database holding version v1 would, for
// the statements that the fault tests run.
func graphAnswer(query string, _ map[string]any) reply {
	switch {
	case strings.Contains(query, "GraphMeta"):
		return reply{fields: []string{"version"}, rows: [][]any{{"v1"}}}
	case strings.Contains(query, "RETURN 1 AS ok"):
		return reply{fields: []string{"ok"}, rows: [][]any{{int64(1)}}}
	}
	return reply{fields: []string{"x"}}
}

var errNoQuery = errors.New("no query")

// lastQuery returns the last statement the server received.
func (s *boltServer) lastQuery() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queries) == 0 {
		return "", errNoQuery
	}
	return s.queries[len(s.queries)-1], nil
}
