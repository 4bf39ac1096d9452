package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/graph"
)

// TestBodyPoolBoundsTheBodiesHeld: large bodies take their size from the pool until it is full;
// past that a request waits and, at its deadline, is refused; small ones always pass.
func TestBodyPoolBoundsTheBodiesHeld(t *testing.T) {
	p := newBodyPool()
	var releases []func()
	for range maxBodyBytes / graph.MaxBodyBytes {
		release, err := p.take(context.Background(), post(graph.MaxBodyBytes))
		if err != nil {
			t.Fatalf("within the pool: %v", err)
		}
		releases = append(releases, release)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.take(ctx, post(smallBody+1)); !errors.Is(err, admission.ErrBusy) {
		t.Errorf("pool full: err = %v, want ErrBusy", err)
	}
	if _, err := p.take(ctx, post(smallBody)); err != nil {
		t.Errorf("a small body while the pool is full: %v", err)
	}
	// A body of unknown length counts as the largest.
	releases[0]()
	release, err := p.take(context.Background(), post(-1))
	if err != nil {
		t.Fatalf("a body of unknown length after room was made: %v", err)
	}
	release()
	for _, r := range releases[1:] {
		r()
	}
}

// post returns a POST whose body declares n bytes (-1: unknown).
func post(n int64) *http.Request {
	r := httptest.NewRequest("POST", "/graphql", io.NopCloser(strings.NewReader("{}")))
	r.ContentLength = n
	return r
}
