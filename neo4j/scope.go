package neo4j

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
)

var _ kg.Scoper = (*Store)(nil)

// scope is the read transaction that the store calls of one request share: opened by the first
// call, used by one call at a time, and closed when the request ends. After a failure it is
// given up, and the calls that follow run in transactions of their own, as without a scope.
type scope struct {
	s   *Store
	ctx context.Context // the request's, without its cancellation: the scope ends by end

	mu     sync.Mutex
	sess   neo4j.SessionWithContext
	tx     neo4j.ExplicitTransaction
	broken bool
}

type scopeKey struct{}

// Scope implements kg.Scoper: the store calls made with the returned context share one session and
// one read transaction, which end calls to close. Each statement of a call still has the store's
// query timeout; the transaction as a whole has it too, from its first statement.
func (s *Store) Scope(ctx context.Context) (context.Context, func()) {
	sc := &scope{s: s, ctx: context.WithoutCancel(ctx)}
	return context.WithValue(ctx, scopeKey{}, sc), sc.end
}

// end closes the scope's transaction and session, if a call opened them. A read transaction has
// nothing to keep: it is rolled back.
func (sc *scope) end() {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	ctx, cancel := context.WithTimeout(sc.ctx, sc.s.cfg.QueryTimeout)
	defer cancel()
	if sc.tx != nil {
		_ = sc.tx.Close(ctx) // a read transaction that failed to close leaves nothing behind
	}
	if sc.sess != nil {
		_ = sc.sess.Close(ctx)
	}
	sc.tx, sc.sess, sc.broken = nil, nil, true
}

// read runs work in the scope's transaction. It returns false, having done nothing that counts,
// when the scope cannot serve it: the caller then runs work in a transaction of its own, which
// retries as the driver does. A failure in the scope's transaction gives the scope up; the call
// itself is run again on its own unless its context is done, in which case its error is final.
func (sc *scope) read(ctx context.Context, what string, work func(run runFunc) error) (bool, error) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.broken {
		return false, nil
	}
	callCtx := ctx
	timeout := sc.s.callTimeout(ctx)
	ctx, cancel := context.WithTimeout(ctx, sc.s.cfg.QueryTimeout)
	defer cancel()
	if sc.tx == nil {
		sc.sess = sc.s.session(sc.ctx, neo4j.AccessModeRead)
		tx, err := sc.sess.BeginTransaction(ctx, neo4j.WithTxTimeout(sc.s.cfg.QueryTimeout))
		if err != nil {
			sc.broken = true
			return false, nil
		}
		sc.tx = tx
	}
	answered := false // as in readTx: the server answered a statement of this call
	var counted int64
	err := work(func(st statement, params map[string]any) ([]*neo4j.Record, error) {
		if err := st.check(params); err != nil {
			return nil, err
		}
		counted++
		start := time.Now()
		res, err := sc.tx.Run(ctx, st.text, params)
		if err != nil {
			return nil, err
		}
		answered = true
		recs, err := res.Collect(ctx)
		if err == nil {
			sc.s.observe(time.Since(start))
		}
		return recs, err
	})
	var de *decodeError
	switch {
	case err == nil:
		sc.s.queries.Add(counted)
		return true, nil
	case errors.Is(err, kg.ErrNotFound) || errors.Is(err, kg.ErrInvalid) || errors.As(err, &de):
		// The work's own answer, not a failure of the transaction, which serves on.
		sc.s.queries.Add(counted)
		return true, sc.s.fail(callCtx, what, err, false, timeout)
	}
	sc.broken = true
	if callCtx.Err() != nil || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		sc.s.queries.Add(counted)
		expired := answered && errors.Is(ctx.Err(), context.DeadlineExceeded)
		return true, sc.s.fail(callCtx, what, err, expired, timeout)
	}
	return false, nil
}

// unused reports whether the scope has not begun a transaction, nor given up on one.
func (sc *scope) unused() bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.tx == nil && !sc.broken
}

// scopeOf returns the scope of ctx, or nil.
func scopeOf(ctx context.Context) *scope {
	sc, _ := ctx.Value(scopeKey{}).(*scope)
	return sc
}
