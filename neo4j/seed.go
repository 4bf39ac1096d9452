package neo4j

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/seed"
)

// SeedOptions changes how Seed loads the scripts.
type SeedOptions struct {
	// Reset deletes every node and relationship of the database before loading, in batches of
	// BatchSize. Indexes and constraints are kept. The caller confirms with the user first.
	Reset bool
	// BatchSize is the number of nodes Reset deletes per transaction. Default 10000.
	BatchSize int
}

// Seed loads the seed scripts (seed.Scripts()) into the database: each statement in its own write
// transaction, in order, reporting to progress what each script changed. The scripts are
// idempotent: seeding again changes nothing, and seeding over an older version of the data leaves
// exactly this one. At the end Seed checks that the database holds as many entities and
// relationships as the scripts recorded on the GraphMeta node, and fails if not.
func (s *Store) Seed(ctx context.Context, scripts []seed.Script, opts SeedOptions, progress io.Writer) (err error) {
	if progress == nil {
		progress = io.Discard
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 10000
	}
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{
		AccessMode:      neo4j.AccessModeWrite,
		DatabaseName:    s.cfg.Database,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
	defer func() {
		if cerr := sess.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = s.translate("seed", cerr)
		}
	}()
	fmt.Fprintf(progress, "seeding %s (%s)\n", s.uri, s.database)
	if opts.Reset {
		deleted := 0
		for {
			n, err := s.resetBatch(ctx, sess, opts.BatchSize)
			if err != nil {
				return err
			}
			deleted += n
			if n == 0 {
				break
			}
			fmt.Fprintf(progress, "reset: %d nodes deleted\n", deleted)
		}
		fmt.Fprintf(progress, "reset: done, %d nodes deleted\n", deleted)
	}
	for _, script := range scripts {
		start := time.Now()
		stmts := script.Statements()
		var total counts
		for _, st := range stmts {
			c, err := s.write(ctx, sess, st.Text, nil)
			if err != nil {
				return fmt.Errorf("neo4j: seed %s, statement at line %d: %w", script.Name, st.Line, s.translate("write", err))
			}
			total.add(c)
		}
		fmt.Fprintf(progress, "%s: %d statements in %s; %s\n", script.Name, len(stmts), time.Since(start).Round(time.Millisecond), total)
	}
	return s.checkSeed(ctx, progress)
}

// resetBatch deletes up to batch nodes and returns how many it deleted.
func (s *Store) resetBatch(ctx context.Context, sess neo4j.SessionWithContext, batch int) (int, error) {
	params := map[string]any{"batch": int64(batch)}
	if err := stmtReset.check(params); err != nil {
		return 0, err
	}
	s.queries.Add(1)
	n, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, stmtReset.text, params)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		return value[int64](rec, "deleted")
	})
	if err != nil {
		return 0, s.translate("reset", err)
	}
	return int(n.(int64)), nil
}

// write runs one statement in a write transaction and returns what it changed.
func (s *Store) write(ctx context.Context, sess neo4j.SessionWithContext, text string, params map[string]any) (neo4j.Counters, error) {
	s.queries.Add(1)
	c, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, text, params)
		if err != nil {
			return nil, err
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return nil, err
		}
		return sum.Counters(), nil
	})
	if err != nil {
		return nil, err
	}
	return c.(neo4j.Counters), nil
}

// checkSeed compares the counts that the scripts recorded with the database's.
func (s *Store) checkSeed(ctx context.Context, progress io.Writer) error {
	recs, err := s.query(ctx, "check seed", stmtSeedCheck, map[string]any{"id": seed.GraphMetaID})
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return fmt.Errorf("neo4j: seed: the scripts recorded no data version (no GraphMeta node with id %q)", seed.GraphMetaID)
	}
	version, err := value[string](recs[0], "version")
	if err != nil {
		return err
	}
	var n [4]int64
	for i, col := range []string{"wantEntities", "wantRelationships", "entities", "relationships"} {
		if n[i], err = value[int64](recs[0], col); err != nil {
			return err
		}
	}
	if n[0] != n[2] || n[1] != n[3] {
		return fmt.Errorf("neo4j: seed: the database holds %d entities and %d relationships, the data version %s has %d and %d "+
			"(another writer, or nodes left from other data: seed again with reset)", n[2], n[3], version, n[0], n[1])
	}
	fmt.Fprintf(progress, "seeded data version %s: %d entities, %d relationships\n", version, n[2], n[3])
	return nil
}

// counts adds up what the statements of a script changed.
type counts struct {
	nodesCreated, nodesDeleted, relsCreated, relsDeleted, props, labels, constraints, indexes int
}

func (c *counts) add(k neo4j.Counters) {
	c.nodesCreated += k.NodesCreated()
	c.nodesDeleted += k.NodesDeleted()
	c.relsCreated += k.RelationshipsCreated()
	c.relsDeleted += k.RelationshipsDeleted()
	c.props += k.PropertiesSet()
	c.labels += k.LabelsAdded()
	c.constraints += k.ConstraintsAdded()
	c.indexes += k.IndexesAdded()
}

func (c counts) String() string {
	var parts []string
	for _, x := range []struct {
		n    int
		what string
	}{
		{c.nodesCreated, "nodes created"}, {c.nodesDeleted, "nodes deleted"},
		{c.relsCreated, "relationships created"}, {c.relsDeleted, "relationships deleted"},
		{c.props, "properties set"}, {c.labels, "labels added"},
		{c.constraints, "constraints added"}, {c.indexes, "indexes added"},
	} {
		if x.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", x.n, x.what))
		}
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, ", ")
}
