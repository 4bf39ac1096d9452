package web

import (
	"context"
	"fmt"
	"net/http"

	"golang.org/x/sync/semaphore"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/graph"
)

// Request bodies are read whole before they are parsed, so that the bodies being read at once
// bound the memory the server holds for them: every body of more than smallBody bytes takes its
// size (a body of unknown length, the body limit) from a pool of maxBodyBytes while its request
// is served, and waits for room until its deadline. Smaller bodies, which thousands of connections
// could only bring to a few tens of megabytes, pass.
const (
	smallBody    = 16 << 10
	maxBodyBytes = 64 << 20
)

// bodyPool bounds the bytes of the request bodies held at once.
type bodyPool struct{ sem *semaphore.Weighted }

func newBodyPool() bodyPool { return bodyPool{sem: semaphore.NewWeighted(maxBodyBytes)} }

// take waits until r's body fits in the pool and returns the function that gives its room back.
func (p bodyPool) take(ctx context.Context, r *http.Request) (release func(), err error) {
	if r.Body == nil || r.Body == http.NoBody {
		return func() {}, nil
	}
	n := r.ContentLength
	if n < 0 || n > graph.MaxBodyBytes {
		n = graph.MaxBodyBytes
	}
	if n <= smallBody {
		return func() {}, nil
	}
	if !p.sem.TryAcquire(n) {
		if err := p.sem.Acquire(ctx, n); err != nil {
			return nil, fmt.Errorf("waiting for room for the request's body: %w", admission.ErrBusy)
		}
	}
	return func() { p.sem.Release(n) }, nil
}
