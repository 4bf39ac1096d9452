// Package admission bounds the expensive work that runs at once, so that clients sending the
// most expensive requests allowed cannot starve the others: the GraphQL endpoint admits its
// operations by their cost, the downloads of the graph as operations at the cost limit.
package admission

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"golang.org/x/sync/semaphore"
)

// ErrBusy means a request was refused because too much expensive work waits already; the same
// request may succeed shortly.
var ErrBusy = errors.New("server busy")

// Policy says how requests are admitted. A request whose cost is at most Cheap runs at once. A
// dearer one takes its cost (at most CostInFlight) from a pool of CostInFlight units for as long
// as it runs, waiting in line (first come, first served) while the pool is short, until its
// deadline; while Queue requests already wait, or while its client already has PerClient requests
// waiting or running, it is refused at once with ErrBusy. Zero disables a bound; with
// CostInFlight zero every request runs at once.
type Policy struct {
	Cheap        int
	CostInFlight int
	Queue        int
	PerClient    int
}

// Default lets the operations of an ordinary front end (an entity page, a search, a path: costs
// in the hundreds) through at once, and runs expensive ones (neighbourhoods, path searches, deep
// pages, downloads) a few at a time, one at a time from 50,000 (half the default cost limit) up,
// so that while clients send the most expensive requests allowed, cheap ones are still answered
// in tens of milliseconds on two cores.
var Default = Policy{
	Cheap:        1000,
	CostInFlight: 50_000,
	Queue:        64,
	PerClient:    8,
}

// Gate carries out a Policy. It is safe for concurrent use.
type Gate struct {
	Policy
	pool *semaphore.Weighted

	mu      sync.Mutex
	waiting int
	running int
	cost    int64 // units taken by the requests running
	refused uint64
	clients map[string]int // requests waiting or running, by client address
}

// New returns a gate for p.
func New(p Policy) *Gate {
	g := &Gate{Policy: p, clients: map[string]int{}}
	if p.CostInFlight > 0 {
		g.pool = semaphore.NewWeighted(int64(p.CostInFlight))
	}
	return g
}

// Admit waits until a request of cost from client may run, and returns the function to call when
// it has run (calling it again does nothing). It fails with an error wrapping ErrBusy when the
// line or the client's share is full, and with one wrapping the context's error when the
// request's deadline passes first.
func (g *Gate) Admit(ctx context.Context, client string, cost int) (release func(), err error) {
	if g.pool == nil || cost <= g.Cheap {
		return func() {}, nil
	}
	units := int64(min(cost, g.CostInFlight))
	g.mu.Lock()
	switch {
	case g.Queue > 0 && g.waiting >= g.Queue:
		g.refused++
		g.mu.Unlock()
		return nil, fmt.Errorf("the server is busy with expensive requests (%d waiting); try again shortly, or ask for less: %w", g.Queue, ErrBusy)
	case g.PerClient > 0 && g.clients[client] >= g.PerClient:
		g.refused++
		g.mu.Unlock()
		return nil, fmt.Errorf("this client already has %d expensive requests waiting or running; wait for their answers, or ask for less: %w", g.PerClient, ErrBusy)
	}
	g.waiting++
	g.clients[client]++
	g.mu.Unlock()
	err = g.pool.Acquire(ctx, units)
	g.mu.Lock()
	g.waiting--
	if err == nil {
		g.running++
		g.cost += units
	}
	g.mu.Unlock()
	done := func() {
		g.mu.Lock()
		if g.clients[client]--; g.clients[client] == 0 {
			delete(g.clients, client)
		}
		g.mu.Unlock()
	}
	if err != nil {
		done()
		return nil, fmt.Errorf("waiting for expensive requests to finish: %w", err)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			g.pool.Release(units)
			g.mu.Lock()
			g.running--
			g.cost -= units
			g.mu.Unlock()
			done()
		})
	}, nil
}

// Stats is what a gate is doing now, and has refused since it started.
type Stats struct {
	// Waiting and Running count the expensive requests in line and running.
	Waiting, Running int
	// Cost is the units the running requests hold.
	Cost int64
	// Refused counts the requests refused with ErrBusy.
	Refused uint64
}

// Stats returns what the gate is doing now.
func (g *Gate) Stats() Stats {
	g.mu.Lock()
	defer g.mu.Unlock()
	return Stats{Waiting: g.waiting, Running: g.running, Cost: g.cost, Refused: g.refused}
}

// clientKey is the context key of the address of the client that sent a request.
type clientKey struct{}

// Host returns the client address of a request's remote address: its host part.
func Host(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}

// WithClient records in ctx the address of the client of a request (Host of its remote
// address).
func WithClient(ctx context.Context, remoteAddr string) context.Context {
	return context.WithValue(ctx, clientKey{}, Host(remoteAddr))
}

// Client returns the client address WithClient recorded, or "".
func Client(ctx context.Context) string {
	s, _ := ctx.Value(clientKey{}).(string)
	return s
}
