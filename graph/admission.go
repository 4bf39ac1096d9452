package graph

import (
	"context"
	"fmt"
	"net"
	"sync"

	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/sync/semaphore"
)

// Admission bounds the work that runs at once, so that clients sending the most expensive
// requests allowed cannot starve the others. An operation whose cost (the cost of Limits.Cost)
// is at most Cheap runs at once. A dearer one takes its cost from a pool of CostInFlight units
// for as long as it runs, waiting in line (first come, first served) while the pool is short,
// until its deadline; while Queue operations already wait, or while its client already has
// PerClient operations waiting or running, it is refused at once with SERVER_BUSY. Zero disables
// a bound; with CostInFlight zero every operation runs at once.
type Admission struct {
	Cheap        int
	CostInFlight int
	Queue        int
	PerClient    int
}

// DefaultAdmission lets the operations of an ordinary front end (an entity page, a search, a
// path: costs in the hundreds) through at once, and gives expensive ones two requests at the
// cost limit in flight at a time, so that one core's worth of the machine or more is left to
// the others.
var DefaultAdmission = Admission{
	Cheap:        1000,
	CostInFlight: 2 * DefaultLimits.Cost,
	Queue:        64,
	PerClient:    8,
}

// CodeServerBusy is the code of an operation refused because too many expensive ones are waiting.
const CodeServerBusy = "SERVER_BUSY"

// admission carries out an Admission.
type admission struct {
	Admission
	pool *semaphore.Weighted

	mu      sync.Mutex
	waiting int
	clients map[string]int // operations waiting or running, by client address
}

func newAdmission(a Admission) *admission {
	ad := &admission{Admission: a, clients: map[string]int{}}
	if a.CostInFlight > 0 {
		ad.pool = semaphore.NewWeighted(int64(a.CostInFlight))
	}
	return ad
}

// admit waits until an operation of cost from client may run, and returns the function to call
// when it has run. It fails with SERVER_BUSY when the line or the client's share is full, and
// with the context's error when the deadline passes first.
func (a *admission) admit(ctx context.Context, client string, cost int) (release func(), err error) {
	if a.pool == nil || cost <= a.Cheap {
		return func() {}, nil
	}
	units := int64(min(cost, a.CostInFlight))
	a.mu.Lock()
	switch {
	case a.Queue > 0 && a.waiting >= a.Queue:
		a.mu.Unlock()
		return nil, busy("the server is busy with expensive requests (%d waiting); try again shortly, or ask for less", a.waiting)
	case a.PerClient > 0 && a.clients[client] >= a.PerClient:
		a.mu.Unlock()
		return nil, busy("this client already has %d expensive requests waiting or running; wait for their answers, or ask for less", a.PerClient)
	}
	a.waiting++
	a.clients[client]++
	a.mu.Unlock()
	err = a.pool.Acquire(ctx, units)
	a.mu.Lock()
	a.waiting--
	a.mu.Unlock()
	done := func() {
		a.mu.Lock()
		if a.clients[client]--; a.clients[client] == 0 {
			delete(a.clients, client)
		}
		a.mu.Unlock()
	}
	if err != nil {
		done()
		return nil, fmt.Errorf("waiting for expensive requests to finish: %w", err)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			a.pool.Release(units)
			done()
		})
	}, nil
}

func busy(format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": CodeServerBusy}
	return err
}

// clientKey is the context key of the address of the client that sent a request.
type clientKey struct{}

// withClient records the client's address (the host part of a remote address) in ctx.
func withClient(ctx context.Context, remoteAddr string) context.Context {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	return context.WithValue(ctx, clientKey{}, host)
}

func clientOf(ctx context.Context) string {
	s, _ := ctx.Value(clientKey{}).(string)
	return s
}
