package kg

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// ErrTooComplex means an operation needs more work than its budget allows: it stopped, and what
// it returns with the error, if anything, is partial. A narrower request may succeed.
var ErrTooComplex = errors.New("over budget")

// The work budgets of the operations whose work can outgrow their answer, in units of work: a
// partial path kept, a relationship read, a candidate scored. One unit is a fraction of a
// microsecond of CPU and a few dozen bytes at most (a path search at its budget took 15-40 ms on
// two shared cores), so that an operation at its budget stays in the tens of milliseconds and the
// low megabytes. The API charges each call its budget before it runs (it
// counts in the request's cost), so a request's work is bounded by its cost limit.
const (
	// PathWork bounds one search for paths: partial paths kept plus relationships read.
	PathWork = 100_000
	// ConnectionWork bounds one connections request, all its searches together.
	ConnectionWork = 2 * PathWork
	// NeighborhoodWork bounds the relationships one neighbourhood walk reads.
	NeighborhoodWork = 20_000
	// ShortestPathWork bounds the relationships one shortest-path search reads.
	ShortestPathWork = 100_000
	// NarrowerWork bounds the relationships read to find the narrower classes of a fact filter.
	NarrowerWork = 5_000
)

// checkEvery is how many units of work pass between two checks of the context: often enough to
// stop within a fraction of a millisecond, rarely enough to cost nothing.
const checkEvery = 256

// Budget counts the work one operation may still do and checks its context as the work goes,
// so that an operation stops both when it has done its share and when its request is over. A
// Budget is used by one goroutine.
type Budget struct {
	ctx   context.Context
	what  string
	total int
	left  int
	tick  int
}

// NewBudget returns a budget of units for the operation what (a few words naming it in errors).
func NewBudget(ctx context.Context, what string, units int) *Budget {
	return &Budget{ctx: ctx, what: what, total: units, left: units}
}

// Spend takes n units. It returns an error wrapping ErrTooComplex once the budget is spent, or the
// context's error once the request is over.
func (b *Budget) Spend(n int) error {
	b.left -= n
	if b.left < 0 {
		return b.over()
	}
	b.tick += n
	if b.tick >= checkEvery {
		b.tick = 0
		// Long work lets other goroutines run every few dozen microseconds, rather than at the
		// scheduler's 10 ms slices, so that cheap requests are answered while it goes on.
		runtime.Gosched()
		return b.ctx.Err()
	}
	return nil
}

// Used returns the units spent so far.
func (b *Budget) Used() int { return b.total - max(b.left, 0) }

func (b *Budget) over() error {
	return fmt.Errorf("%s stopped after %d units of work, its budget; ask for less (fewer hops, a smaller limit or fewer relationship types): %w",
		b.what, b.total, ErrTooComplex)
}
