package neo4j

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
)

// The store's Cypher, one statement per file, so that each can be read, linted
// (lint/lint-cypher.mjs) and tried in Neo4j Browser as it is.
//
//go:embed *.cypher
var files embed.FS

// statement is one embedded Cypher statement and the names of the parameters it uses.
type statement struct {
	name   string
	text   string
	params []string // sorted
}

var paramName = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

func load(name string) statement {
	data, err := files.ReadFile(name)
	if err != nil {
		panic(err) // embedded files are always readable
	}
	stmts := Script{Name: name, Text: string(data)}.Statements()
	if len(stmts) != 1 {
		panic(fmt.Sprintf("neo4j: %s holds %d statements, want 1", name, len(stmts)))
	}
	return newStatement(name, stmts[0].Text)
}

// newStatement returns the statement text, named name, with the parameters it uses.
func newStatement(name, text string) statement {
	st := statement{name: name, text: text}
	for _, m := range paramName.FindAllStringSubmatch(st.text, -1) {
		if !slices.Contains(st.params, m[1]) {
			st.params = append(st.params, m[1])
		}
	}
	slices.Sort(st.params)
	return st
}

var (
	stmtPing          = load("ping.cypher")
	stmtVersion       = load("version.cypher")
	stmtEntitiesByID  = load("entities-by-id.cypher")
	stmtEntities      = load("entities.cypher")
	stmtEntitiesID    = load("entities-id.cypher")
	stmtEntitiesCount = load("entities-count.cypher")
	stmtEntitiesUnits = load("entities-units.cypher")
	stmtRelationships = load("relationships.cypher")
	stmtSearch        = load("search.cypher")
	stmtSearchAll     = load("search-all.cypher")
	stmtNeighbors     = load("neighbors.cypher")
	stmtNeighborLevel = load("neighbor-level.cypher")
	stmtStats         = load("stats.cypher")
	stmtReset         = load("reset.cypher")
	stmtSeedCheck     = load("seed-check.cypher")

	stmtSeedEntities           = load("seed-entities.cypher")
	stmtSeedRelationships      = load("seed-relationships.cypher")
	stmtSeedPruneEntities      = load("seed-prune-entities.cypher")
	stmtSeedPruneEntitiesAfter = load("seed-prune-entities-after.cypher")
	stmtSeedPruneRelationships = load("seed-prune-relationships.cypher")
	stmtSeedVersion            = load("seed-version.cypher")
	stmtSeedEntityPage         = load("seed-entity-page.cypher")
	stmtSeedDeleteEntities     = load("seed-delete-entities.cypher")
	stmtSeedDeleteRels         = load("seed-delete-relationships.cypher")
	stmtFulltextShow           = load("fulltext-show.cypher")

	// The shortest-path statements by bound, untyped and typed: index i holds the bound i.
	stmtShortestPath      = hopBounds(load("shortest-path.cypher"))
	stmtShortestPathTyped = hopBounds(load("shortest-path-typed.cypher"))
)

// hopBounds returns st with its pattern bound *..kg.MaxHops written as *..n, for each n from 1 to
// kg.MaxHops (index n; index 0 is unused). Cypher takes no parameter for a pattern's length, so
// each bound is a statement of its own; the bounds are the store's own integers, never text from
// a request.
func hopBounds(st statement) []statement {
	bound := fmt.Sprintf("*..%d]", kg.MaxHops)
	if strings.Count(st.text, bound) != 1 {
		panic(fmt.Sprintf("neo4j: %s must hold the pattern bound %s once", st.name, bound))
	}
	out := make([]statement, kg.MaxHops+1)
	for n := 1; n <= kg.MaxHops; n++ {
		out[n] = st
		out[n].name = fmt.Sprintf("%s (bound %d)", st.name, n)
		out[n].text = strings.Replace(st.text, bound, fmt.Sprintf("*..%d]", n), 1)
	}
	return out
}

// bind returns the statement's text with each parameter written as the given literal, for the
// committed seed scripts, which run without parameters. It panics unless literals names exactly
// the statement's parameters: the literals are the scripts' own rendering of the data, never
// request input.
func (st statement) bind(literals map[string]string) string {
	if got := slices.Sorted(maps.Keys(literals)); !slices.Equal(got, st.params) {
		panic(fmt.Sprintf("neo4j: %s takes parameters %v, bind got %v", st.name, st.params, got))
	}
	return paramName.ReplaceAllStringFunc(st.text, func(m string) string { return literals[m[1:]] })
}

// check returns an error unless params holds exactly the parameters the statement uses: a missing
// one would fail on the server, an extra one means the statement and its caller disagree.
func (st statement) check(params map[string]any) error {
	got := slices.Sorted(maps.Keys(params))
	if !slices.Equal(got, st.params) {
		return fmt.Errorf("neo4j: internal error: %s takes parameters %v, the store passed %v", st.name, st.params, got)
	}
	return nil
}

// query runs one read statement in its own managed read transaction, routed to a reader. It is
// readTx with one statement rather than neo4j.ExecuteQuery, a managed transaction too, so that
// the store can tell a statement that the server was still running when its time ran out
// (kg.ErrTimeout) from a server that did not answer (kg.ErrUnavailable).
//
// The only call of a request (kg.OnlyCall) whose scope has not begun its transaction runs as an
// auto-commit transaction instead (autoCommit): one round trip where a transaction begun for the
// request would take three (BEGIN, RUN and PULL, then its end).
func (s *Store) query(ctx context.Context, what string, st statement, params map[string]any) ([]*neo4j.Record, error) {
	if sc := scopeOf(ctx); sc != nil && kg.IsOnlyCall(ctx) && sc.unused() {
		if recs, done, err := s.autoCommit(ctx, what, st, params); done {
			return recs, err
		}
	}
	var recs []*neo4j.Record
	err := s.readTx(ctx, what, func(run runFunc) error {
		var err error
		recs, err = run(st, params)
		return err
	})
	if err != nil {
		return nil, err
	}
	return recs, nil
}

// autoCommit runs one read statement as an auto-commit transaction: RUN and PULL are sent
// together and answered together, with no BEGIN before them and no COMMIT or ROLLBACK after. It
// returns false, having done nothing that counts, when the statement failed in a way the driver
// would retry (a lost connection, a cluster member going away) before the call's own end: the
// caller then runs it in a managed transaction, which retries as the driver does. Any other
// failure (the call cancelled or out of time, the server's timeout, a refused statement) is the
// call's answer.
func (s *Store) autoCommit(ctx context.Context, what string, st statement, params map[string]any) ([]*neo4j.Record, bool, error) {
	if err := st.check(params); err != nil {
		return nil, true, err
	}
	callCtx := ctx
	timeout := s.callTimeout(ctx)
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	sess := s.session(ctx, neo4j.AccessModeRead)
	// A read that failed to close leaves nothing behind; its result, if any, is complete.
	defer func() { _ = sess.Close(context.WithoutCancel(ctx)) }()
	start := time.Now()
	running := false
	res, err := sess.Run(ctx, st.text, params, neo4j.WithTxTimeout(txTimeout(ctx)))
	var recs []*neo4j.Record
	if err == nil {
		running = true
		recs, err = res.Collect(ctx)
	}
	switch {
	case err == nil:
		s.queries.Add(1)
		s.observe(time.Since(start))
		return recs, true, nil
	case callCtx.Err() != nil || errors.Is(ctx.Err(), context.DeadlineExceeded) || !neo4j.IsRetryable(err):
		s.queries.Add(1)
		expired := running && errors.Is(ctx.Err(), context.DeadlineExceeded)
		return nil, true, s.fail(callCtx, what, err, expired, timeout)
	}
	return nil, false, nil
}

// txMargin is how much earlier than a call's deadline the server is told to stop its transaction:
// enough for the server's timeout error to reach the client before the client's own deadline
// passes, so that a query that runs too long is reported as kg.ErrTimeout, and a server that does
// not answer at all as kg.ErrUnavailable.
const txMargin = 500 * time.Millisecond

// callTimeout returns the time a call under ctx has: the query timeout, or what ctx has left when
// that is less. An error of the call past it says how long that was.
func (s *Store) callTimeout(ctx context.Context) time.Duration {
	timeout := s.cfg.QueryTimeout
	if deadline, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(deadline))
	}
	return timeout
}

// txTimeout returns the server-side timeout of a transaction run under ctx: the time ctx has left
// minus txMargin, and at least a millisecond (Neo4j's unit; zero would mean no timeout at all).
func txTimeout(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		panic("neo4j: internal error: a transaction without a deadline") // query and readTx set one
	}
	return max(time.Until(deadline)-txMargin, time.Millisecond)
}

// fail translates the error of a call made under the caller's ctx. When the caller cancelled it,
// the error is context.Canceled, whatever the driver made of the interruption. When the call's
// deadline passed after the server had answered one of its statements (expired: it was computing
// or sending a result, or the call's own work between two statements took the time), the error is
// kg.ErrTimeout even if the server's own timeout has not fired yet: Neo4j checks transaction
// timeouts only every db.transaction.monitor.check.interval (2s by default), so it may stop a
// transaction later than it was told to. (A server that stops answering in the middle of a call
// looks the same, and is reported as a timeout too.) A deadline that passes before the server
// answered anything is kg.ErrUnavailable.
func (s *Store) fail(ctx context.Context, what string, err error, expired bool, timeout time.Duration) error {
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return fmt.Errorf("neo4j: %s: %w", what, context.Canceled)
	case expired:
		return fmt.Errorf("neo4j: %s: %s (%s) had answered, but the call's time (%s) ran out before its statements were done: %w",
			what, s.uri, s.database, timeout.Round(time.Millisecond), kg.ErrTimeout)
	}
	return s.translate(what, err)
}

// runFunc runs one statement inside a transaction and returns all its records.
type runFunc func(st statement, params map[string]any) ([]*neo4j.Record, error)

// one runs st, a statement that answers exactly one row, and returns that row; what names the
// statement in the error of any other count.
func (run runFunc) one(what string, st statement, params map[string]any) (*neo4j.Record, error) {
	recs, err := run(st, params)
	if err != nil {
		return nil, err
	}
	return only(what, recs)
}

// only returns the one record of recs, the answer of a statement (what) that answers one row.
func only(what string, recs []*neo4j.Record) (*neo4j.Record, error) {
	if len(recs) != 1 {
		return nil, decodeErr(what, "%d rows, want 1", len(recs))
	}
	return recs[0], nil
}

// readTx runs work in one managed read transaction, so that its statements see the same data, or
// in the read transaction of the request's scope (Scope) when ctx has one that can serve it.
// The driver may run work again after a transient failure: work must start from scratch each time.
// Statements are counted once, not once per attempt.
func (s *Store) readTx(ctx context.Context, what string, work func(run runFunc) error) (err error) {
	if sc := scopeOf(ctx); sc != nil {
		if done, err := sc.read(ctx, what, work); done {
			return err
		}
	}
	callCtx := ctx
	timeout := s.callTimeout(ctx)
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	sess := s.session(ctx, neo4j.AccessModeRead)
	// answered is set once the server has answered a statement of the attempt (its RUN): past that,
	// a deadline that passes is the call's time running out (kg.ErrTimeout), whether it passes
	// while the server computes or sends a result, or between two statements, and not a server
	// that cannot be reached (kg.ErrUnavailable).
	var answered atomic.Bool
	defer func() {
		if cerr := sess.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = s.fail(callCtx, what, cerr, false, timeout)
		}
	}()
	attempt := 0
	_, err = sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		attempt++
		answered.Store(false) // a new attempt: what an earlier one reached does not count
		return nil, work(func(st statement, params map[string]any) ([]*neo4j.Record, error) {
			if err := st.check(params); err != nil {
				return nil, err
			}
			if attempt == 1 {
				s.queries.Add(1)
			}
			start := time.Now()
			res, err := tx.Run(ctx, st.text, params)
			if err != nil {
				return nil, err
			}
			answered.Store(true)
			recs, err := res.Collect(ctx)
			if err == nil {
				s.observe(time.Since(start))
			}
			return recs, err
		})
	}, neo4j.WithTxTimeout(txTimeout(ctx)))
	if err != nil {
		expired := answered.Load() && errors.Is(ctx.Err(), context.DeadlineExceeded)
		return s.fail(callCtx, what, err, expired, timeout)
	}
	return nil
}

// session opens a session on the store's database. It shares ExecuteQuery's bookmarks, so that a
// read in one sees what the other wrote.
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{
		AccessMode:      mode,
		DatabaseName:    s.cfg.Database,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
}
