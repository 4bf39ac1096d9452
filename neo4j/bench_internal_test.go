package neo4j

import (
	"context"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// BenchmarkTransactionShapes runs the compiled statements of the mix's entity page and deep
// query (mixPlans) one at a time, in each of the ways the driver can send one read statement:
// in an explicit transaction as a request's scope opens one (BEGIN, then RUN and PULL, then
// ROLLBACK: three round trips), in a managed transaction (BEGIN, RUN and PULL, COMMIT: three),
// and as an auto-commit transaction (RUN and PULL: one), which the store uses for a request's
// only statement. The statement, its parameters and Neo4j's work are the same in each; the
// difference is the round trips. It asserts nothing about time:
//
//	go test -run '^$' -bench TransactionShapes -count 8 ./neo4j/
func BenchmarkTransactionShapes(b *testing.B) {
	s := seededStore(b)
	ctx := context.Background()
	for file, p := range mixPlans(b) {
		st, params, err := compilePlan(p)
		if err != nil {
			b.Fatal(err)
		}
		collect := func(res neo4j.ResultWithContext, err error) error {
			if err != nil {
				return err
			}
			_, err = res.Collect(ctx)
			return err
		}
		shapes := []struct {
			name string
			run  func() error
		}{
			{"explicit", func() error {
				sess := s.session(ctx, neo4j.AccessModeRead)
				defer sess.Close(ctx)
				tx, err := sess.BeginTransaction(ctx, neo4j.WithTxTimeout(s.cfg.QueryTimeout))
				if err != nil {
					return err
				}
				if err := collect(tx.Run(ctx, st.text, params)); err != nil {
					return err
				}
				return tx.Close(ctx)
			}},
			{"managed", func() error {
				sess := s.session(ctx, neo4j.AccessModeRead)
				defer sess.Close(ctx)
				_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
					return nil, collect(tx.Run(ctx, st.text, params))
				}, neo4j.WithTxTimeout(s.cfg.QueryTimeout))
				return err
			}},
			{"auto-commit", func() error {
				sess := s.session(ctx, neo4j.AccessModeRead)
				defer sess.Close(ctx)
				return collect(sess.Run(ctx, st.text, params, neo4j.WithTxTimeout(s.cfg.QueryTimeout)))
			}},
		}
		name := strings.TrimSuffix(strings.TrimPrefix(file, "plan-"), ".cypher")
		for _, shape := range shapes {
			b.Run(name+"/"+shape.name, func(b *testing.B) {
				if err := shape.run(); err != nil { // the first run plans the statement
					b.Fatal(err)
				}
				for b.Loop() {
					if err := shape.run(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
