package neo4j

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// RunScript runs the statements of a Cypher script one after the other against the store's
// database, each in its own auto-commit transaction, as `cypher-shell -f` does, so that a script
// may hold schema statements and CALL ... IN TRANSACTIONS. It stops at the first statement that
// fails, naming the script and the line where that statement starts, and reports to progress what
// the script changed. The statements are the script's own: RunScript is for trusted files (the
// committed seed scripts), never for request input.
func (s *Store) RunScript(ctx context.Context, script Script, progress io.Writer) (err error) {
	if progress == nil {
		progress = io.Discard
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer func() {
		if cerr := sess.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = s.translate("script "+script.Name, cerr)
		}
	}()
	start := time.Now()
	stmts := script.Statements()
	var total counts
	for i, st := range stmts {
		s.queries.Add(1)
		res, err := sess.Run(ctx, st.Text, nil)
		if err == nil {
			var sum neo4j.ResultSummary
			if sum, err = res.Consume(ctx); err == nil {
				total.add(sum.Counters())
				continue
			}
		}
		return fmt.Errorf("neo4j: %s:%d (statement %d of %d; those before it are written): %w",
			script.Name, st.Line, i+1, len(stmts), s.translate("script", err))
	}
	fmt.Fprintf(progress, "%s: %d statements in %s; %s\n", script.Name, len(stmts), time.Since(start).Round(time.Millisecond), total)
	return nil
}
