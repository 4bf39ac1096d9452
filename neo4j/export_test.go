package neo4j

import (
	"context"
	"time"

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
