package neo4j

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"

	"github.com/drugwatch/roundtable-kg/seed"
)

// RunRead runs a read statement without parameters through the store's query path (read routing,
// the configured database, timeouts and error translation) and returns how many records it gave:
// the fault tests need statements that run long or return much, which no store method sends.
func (s *Store) RunRead(ctx context.Context, text string) (int, error) {
	recs, err := s.query(ctx, "test statement", statement{name: "test", text: text}, map[string]any{})
	return len(recs), err
}

// RunReadTx does what RunRead does in the store's multi-statement transaction path.
func (s *Store) RunReadTx(ctx context.Context, text string) (int, error) {
	n := 0
	err := s.readTx(ctx, "test transaction", func(run runFunc) error {
		recs, err := run(statement{name: "test", text: text}, map[string]any{})
		n = len(recs)
		return err
	})
	return n, err
}

// RunReadTxPause runs text twice in the store's multi-statement transaction path, with pause
// between the two, as the Go work of a call between its statements; it returns the second
// statement's records.
func (s *Store) RunReadTxPause(ctx context.Context, text string, pause time.Duration) (int, error) {
	n := 0
	err := s.readTx(ctx, "test transaction", func(run runFunc) error {
		if _, err := run(statement{name: "test", text: text}, map[string]any{}); err != nil {
			return err
		}
		time.Sleep(pause)
		recs, err := run(statement{name: "test", text: text}, map[string]any{})
		n = len(recs)
		return err
	})
	return n, err
}

// RunReadOnly does what RunRead does as the only statement of a request: in the request's scope
// (Scope), marked kg.OnlyCall, so that it runs as an auto-commit transaction.
func (s *Store) RunReadOnly(ctx context.Context, text string) (int, error) {
	ctx, end := s.Scope(ctx)
	defer end()
	return s.RunRead(kg.OnlyCall(ctx), text)
}

// TxMargin is txMargin, for the bounds of the tests.
const TxMargin = txMargin

// ScriptsPrunedBy is Scripts with batch ids a prune statement, so that a small graph spans
// several ranges.
func ScriptsPrunedBy(ds *seed.Dataset, batch int) ([]Script, error) { return scripts(ds, batch) }

// SetHubDegree sets the degree above which the neighbourhood walk takes an entity for a hub,
// whatever the walk's room, so that tests can send walks of a small graph by the hub path (or
// none, with a degree above any); 0 restores HubDegree and its rise with the room.
func (s *Store) SetHubDegree(n int) {
	s.hubDegree, s.hubPerEntity = n, 0
	if n == 0 {
		s.hubDegree, s.hubPerEntity = HubDegree, hubPerEntity
	}
}

// Profiled is what ProfileNeighborhood measured: the statements a walk ran and the database hits
// of their profiles, in all.
type Profiled struct {
	Statements int
	DBHits     int64
	// Names lists the statements run, in order.
	Names []string
}

// ProfileNeighborhood walks as Neighborhood does, in one read transaction, with each statement
// run under PROFILE.
func (s *Store) ProfileNeighborhood(ctx context.Context, id string, q kg.NeighborhoodQuery) (kg.Subgraph, Profiled, error) {
	var (
		sub kg.Subgraph
		p   Profiled
	)
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer func() { _ = sess.Close(context.WithoutCancel(ctx)) }()
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		p = Profiled{}
		run := func(st statement, params map[string]any) ([]*neo4j.Record, error) {
			if err := st.check(params); err != nil {
				return nil, err
			}
			res, err := tx.Run(ctx, "PROFILE "+st.text, params)
			if err != nil {
				return nil, err
			}
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			sum, err := res.Consume(ctx)
			if err != nil {
				return nil, err
			}
			p.Statements++
			p.DBHits += dbHits(sum.Profile())
			p.Names = append(p.Names, fmt.Sprintf("%s: %d", st.name, dbHits(sum.Profile())))
			return recs, nil
		}
		var (
			over, err error
		)
		sub, over, err = s.neighborhood(ctx, run, id, q)
		return nil, errors.Join(over, err)
	})
	return sub, p, err
}
