package neo4j

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j/propgraph"
	"github.com/drugwatch/roundtable-kg/seed"
)

// SeedOptions changes how Seed loads the data.
type SeedOptions struct {
	// Reset deletes every node and relationship of the database before loading, in batches of
	// BatchSize. Indexes and constraints are kept. The caller confirms with the user first.
	Reset bool
	// BatchSize is the number of nodes Reset deletes, and the number of rows written, per
	// transaction. Default 1000.
	BatchSize int
	// Timeout bounds the whole seed. Default 10 minutes.
	Timeout time.Duration
}

// progressEvery is how often Seed reports how far a step is.
const progressEvery = 10 * time.Second

// seedRows is the data as the seed statements take it: rows for the batches, every id and
// relationship key (for the prune of the scripts, and the seed's page by page), and the version.
type seedRows struct {
	entities      [][]propgraph.Property // {id, type, properties}
	relationships [][]propgraph.Property // {type, from, to, properties}
	ids           []string               // every entity id
	keys          [][]string             // every relationship's [type, from, to]
	version       string
}

// newSeedRows checks the dataset's types and ids against the vocabulary and makes the rows. The
// types become labels and relationship types, so nothing outside the vocabulary may pass.
func newSeedRows(ds *seed.Dataset) (*seedRows, error) {
	p := &seedRows{version: ds.Version}
	known := map[string]bool{}
	for _, e := range ds.Entities {
		if !e.Type.Valid() {
			return nil, fmt.Errorf("neo4j: seed: entity %q: unknown type %q", e.ID, e.Type)
		}
		if !kg.Slug(e.ID) {
			return nil, fmt.Errorf("neo4j: seed: entity %q: id is not a slug", e.ID)
		}
		known[e.ID] = true
		p.ids = append(p.ids, e.ID)
		p.entities = append(p.entities, []propgraph.Property{{Key: "id", Value: e.ID}, {Key: "type", Value: string(e.Type)}, {Key: "properties", Value: propgraph.Node(e)}})
	}
	for _, r := range ds.Relationships {
		if _, ok := kg.LookupRelType(r.Type); !ok {
			return nil, fmt.Errorf("neo4j: seed: relationship %s: type not in the vocabulary", r.Key())
		}
		for _, end := range []string{r.From, r.To} {
			if !known[end] {
				return nil, fmt.Errorf("neo4j: seed: relationship %s: no entity %q", r.Key(), end)
			}
		}
		p.keys = append(p.keys, []string{string(r.Type), r.From, r.To})
		p.relationships = append(p.relationships, []propgraph.Property{{Key: "type", Value: string(r.Type)}, {Key: "from", Value: r.From}, {Key: "to", Value: r.To}, {Key: "properties", Value: propgraph.Relationship(r)}})
	}
	return p, nil
}

func (p *seedRows) versionParams() map[string]any {
	return map[string]any{"id": GraphMetaID, "version": p.version,
		"entities": int64(len(p.entities)), "relationships": int64(len(p.relationships))}
}

// Seed loads the dataset into the database, with the statements that the committed scripts
// (Scripts) hold but the rows passed as parameters, in batches of opts.BatchSize rows per write
// transaction: the constraints and indexes, the entities, the relationships, the full-text index
// (created, or replaced when its definition changed, once the data is written, and waited for),
// then the deletion of what the data no longer has (prune), and last the data version. A seed that
// fails part-way leaves the previous version recorded and is reported; running it again completes
// it. Every write sets only what differs from the database, so seeding the same data twice
// changes nothing, and the progress says "0 changes". At the end Seed checks that the database
// holds as many entities and relationships as the data, and fails if not.
func (s *Store) Seed(ctx context.Context, ds *seed.Dataset, opts SeedOptions, progress io.Writer) (err error) {
	if progress == nil {
		progress = io.Discard
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Minute
	}
	rows, err := newSeedRows(ds)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer func() {
		if cerr := sess.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = s.translate("seed", cerr)
		}
	}()
	fmt.Fprintf(progress, "seeding the %s at %s, data version %s\n", s.database, s.uri, ds.Version)
	var all counts // what the whole seed changed
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
		all.nodesDeleted += deleted
	}
	c, err := s.seedSchema(ctx, sess, progress)
	if err != nil {
		return err
	}
	all.plus(c)
	for _, step := range []struct {
		what string
		st   statement
		rows [][]propgraph.Property
	}{
		{"entities", stmtSeedEntities, rows.entities},
		{"relationships", stmtSeedRelationships, rows.relationships},
	} {
		start := time.Now()
		reported := start
		var total counts
		for i, batch := range slices.Collect(slices.Chunk(step.rows, opts.BatchSize)) {
			if now := time.Now(); now.Sub(reported) >= progressEvery {
				// A large graph takes minutes: say how far the step is, so its rate can be followed.
				reported = now
				fmt.Fprintf(progress, "%s: %d of %d in %s\n", step.what, i*opts.BatchSize, len(step.rows), now.Sub(start).Round(time.Millisecond))
			}
			c, written, err := s.writeBatch(ctx, sess, step.st, map[string]any{"rows": param(batch)})
			if err != nil {
				return fmt.Errorf("neo4j: seed %s, batch %d (rows %d to %d): %w; nothing of it was written, and the data version is unchanged: seed again",
					step.what, i+1, i*opts.BatchSize+1, i*opts.BatchSize+len(batch), s.translate("write", err))
			}
			if written != len(batch) {
				return fmt.Errorf("neo4j: seed %s, batch %d: %d of %d rows written (an end of a relationship is missing: another writer?)",
					step.what, i+1, written, len(batch))
			}
			total.add(c)
		}
		fmt.Fprintf(progress, "%s: %d in %s; %s\n", step.what, len(step.rows), time.Since(start).Round(time.Millisecond), total)
		all.plus(total)
	}
	if c, err = s.seedFulltext(ctx, sess, progress); err != nil {
		return err
	}
	all.plus(c)
	if c, err = s.prune(ctx, sess, rows, opts.BatchSize, progress); err != nil {
		return err
	}
	all.plus(c)
	k, err := s.write(ctx, sess, stmtSeedVersion, rows.versionParams())
	if err != nil {
		return fmt.Errorf("neo4j: seed %s: %w", stmtSeedVersion.name, s.translate("write", err))
	}
	c = counts{}
	c.add(k)
	fmt.Fprintf(progress, "version: %s\n", c)
	all.plus(c)
	return s.checkSeed(ctx, all, progress)
}

// prune deletes what the database holds and the data does not. It reads the database's entities
// page by page in id order, each with the relationships it starts, and deletes the stale ones of
// a page in one write transaction per kind: no statement carries more than a page of ids, however
// large the graph, and a database that holds the data already gets no write at all.
func (s *Store) prune(ctx context.Context, sess neo4j.SessionWithContext, p *seedRows, batch int, progress io.Writer) (counts, error) {
	start := time.Now()
	reported := start
	ids := make(map[string]bool, len(p.ids))
	for _, id := range p.ids {
		ids[id] = true
	}
	keys := make(map[[3]string]bool, len(p.keys))
	for _, k := range p.keys {
		keys[[3]string(k)] = true
	}
	var total counts
	after, read := "", 0
	for {
		if now := time.Now(); now.Sub(reported) >= progressEvery {
			reported = now
			fmt.Fprintf(progress, "prune: %d entities read in %s\n", read, now.Sub(start).Round(time.Millisecond))
		}
		recs, err := s.query(ctx, "seed prune", stmtSeedEntityPage, map[string]any{"after": after, "limit": int64(batch)})
		if err != nil {
			return total, err
		}
		read += len(recs)
		var staleIDs []string
		var staleKeys [][]string
		for _, rec := range recs {
			id, err := value[string](rec, "id")
			if err != nil {
				return total, err
			}
			after = id
			if !ids[id] {
				staleIDs = append(staleIDs, id) // deleted with its relationships
				continue
			}
			out, err := value[[]any](rec, "out")
			if err != nil {
				return total, err
			}
			for _, o := range out {
				pair, _ := o.([]any)
				if len(pair) != 2 {
					return total, decodeErr("column out", "want [type, id] pairs, got %v", o)
				}
				typ, _ := pair[0].(string)
				to, _ := pair[1].(string)
				if !keys[[3]string{typ, id, to}] {
					staleKeys = append(staleKeys, []string{typ, id, to})
				}
			}
		}
		for _, w := range []struct {
			st     statement
			params map[string]any
			n      int
		}{
			{stmtSeedDeleteEntities, map[string]any{"ids": staleIDs}, len(staleIDs)},
			{stmtSeedDeleteRels, map[string]any{"keys": param(staleKeys)}, len(staleKeys)},
		} {
			if w.n == 0 {
				continue
			}
			c, err := s.write(ctx, sess, w.st, w.params)
			if err != nil {
				return total, fmt.Errorf("neo4j: seed prune (%s): %w", w.st.name, s.translate("write", err))
			}
			total.add(c)
		}
		if len(recs) < batch {
			break
		}
	}
	fmt.Fprintf(progress, "prune: %d entities read in %s; %s\n", read, time.Since(start).Round(time.Millisecond), total)
	return total, nil
}

// seedSchema creates the constraints and indexes that do not exist yet, except the full-text
// index: seedFulltext makes that one once the data is written.
func (s *Store) seedSchema(ctx context.Context, sess neo4j.SessionWithContext, progress io.Writer) (counts, error) {
	var total counts
	for _, text := range append(schemaStatements(), "CALL db.awaitIndexes(300)") {
		c, err := s.writeText(ctx, sess, text)
		if err != nil {
			return total, fmt.Errorf("neo4j: seed schema: %w", s.translate("write", err))
		}
		total.add(c)
	}
	fmt.Fprintf(progress, "schema: %s\n", total)
	return total, nil
}

// seedFulltext creates the full-text index if it does not exist, replaces it when its definition
// is not the one of fulltextStatement, and waits until it is online. It runs after the entities
// are written: on a new database Neo4j then builds the index from the store in one pass, several
// times faster than updating it row by row in every batch of the seed.
func (s *Store) seedFulltext(ctx context.Context, sess neo4j.SessionWithContext, progress io.Writer) (counts, error) {
	start := time.Now()
	var total counts
	same, exists, err := s.fulltextCurrent(ctx)
	if err != nil {
		return total, err
	}
	if exists && !same {
		fmt.Fprintf(progress, "schema: the full-text index %s has another definition: replacing it\n", FulltextIndex)
		c, err := s.writeText(ctx, sess, "DROP INDEX "+FulltextIndex)
		if err != nil {
			return total, fmt.Errorf("neo4j: seed schema: drop %s: %w", FulltextIndex, s.translate("write", err))
		}
		total.add(c)
	}
	c, err := s.writeText(ctx, sess, fulltextStatement())
	if err != nil {
		return total, fmt.Errorf("neo4j: seed schema: %w", s.translate("write", err))
	}
	total.add(c)
	reported := start
	for {
		state, percent, err := s.fulltextState(ctx)
		if err != nil {
			return total, err
		}
		if state == "ONLINE" {
			break
		}
		if state != "POPULATING" {
			return total, fmt.Errorf("neo4j: seed schema: the full-text index %s is %s", FulltextIndex, state)
		}
		if now := time.Now(); now.Sub(reported) >= progressEvery {
			reported = now
			fmt.Fprintf(progress, "full-text index: %.0f%% populated in %s\n", percent, now.Sub(start).Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return total, fmt.Errorf("neo4j: seed schema: waiting for the full-text index %s: %w", FulltextIndex, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	fmt.Fprintf(progress, "full-text index: online in %s; %s\n", time.Since(start).Round(time.Millisecond), total)
	return total, nil
}

// fulltextState returns the state of the full-text index (POPULATING, ONLINE or FAILED) and how
// much of it is populated.
func (s *Store) fulltextState(ctx context.Context) (string, float64, error) {
	recs, err := s.query(ctx, "full-text index", stmtFulltextShow, map[string]any{"name": FulltextIndex})
	if err != nil {
		return "", 0, err
	}
	if len(recs) == 0 {
		return "", 0, fmt.Errorf("neo4j: seed schema: no full-text index %s", FulltextIndex)
	}
	state, err := value[string](recs[0], "state")
	if err != nil {
		return "", 0, err
	}
	percent, err := value[float64](recs[0], "populationPercent")
	if err != nil {
		return "", 0, err
	}
	return state, percent, nil
}

// fulltextCurrent reports whether the full-text index exists and has the definition that
// fulltextStatement gives it.
func (s *Store) fulltextCurrent(ctx context.Context) (same, exists bool, err error) {
	recs, err := s.query(ctx, "full-text index", stmtFulltextShow, map[string]any{"name": FulltextIndex})
	if err != nil || len(recs) == 0 {
		return false, false, err
	}
	labels, err := value[[]any](recs[0], "labelsOrTypes")
	if err != nil {
		return false, true, err
	}
	props, err := value[[]any](recs[0], "properties")
	if err != nil {
		return false, true, err
	}
	config, err := value[map[string]any](recs[0], "config")
	if err != nil {
		return false, true, err
	}
	same = slices.Equal(anyStrings(labels), []string{"Entity"}) &&
		slices.Equal(anyStrings(props), fulltextProperties) &&
		config["fulltext.analyzer"] == fulltextAnalyzer &&
		config["fulltext.eventually_consistent"] == false
	return same, true, nil
}

func anyStrings(list []any) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i], _ = v.(string)
	}
	return out
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

// write runs one statement in its own write transaction and returns what it changed.
func (s *Store) write(ctx context.Context, sess neo4j.SessionWithContext, st statement, params map[string]any) (neo4j.Counters, error) {
	if err := st.check(params); err != nil {
		return nil, err
	}
	c, _, err := s.run(ctx, sess, st.text, params, "")
	return c, err
}

// writeText runs a schema statement, which takes no parameters, in its own transaction.
func (s *Store) writeText(ctx context.Context, sess neo4j.SessionWithContext, text string) (neo4j.Counters, error) {
	c, _, err := s.run(ctx, sess, text, nil, "")
	return c, err
}

// writeBatch runs a seed statement on one batch of rows in its own write transaction and returns
// what it changed and the number of rows it wrote (its column "written").
func (s *Store) writeBatch(ctx context.Context, sess neo4j.SessionWithContext, st statement, params map[string]any) (neo4j.Counters, int, error) {
	if err := st.check(params); err != nil {
		return nil, 0, err
	}
	return s.run(ctx, sess, st.text, params, "written")
}

// run runs text in a write transaction; with column set, it reads that column of the single row.
// The work function is safe to retry: it starts from scratch each time.
func (s *Store) run(ctx context.Context, sess neo4j.SessionWithContext, text string, params map[string]any, column string) (neo4j.Counters, int, error) {
	type result struct {
		counters neo4j.Counters
		n        int64
	}
	s.queries.Add(1)
	r, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, text, params)
		if err != nil {
			return nil, err
		}
		var out result
		if column != "" {
			rec, err := res.Single(ctx)
			if err != nil {
				return nil, err
			}
			if out.n, err = value[int64](rec, column); err != nil {
				return nil, err
			}
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return nil, err
		}
		out.counters = sum.Counters()
		return out, nil
	})
	if err != nil {
		return nil, 0, err
	}
	out := r.(result)
	return out.counters, int(out.n), nil
}

// checkSeed compares the counts that the scripts recorded with the database's, and reports what
// the whole seed changed.
func (s *Store) checkSeed(ctx context.Context, changed counts, progress io.Writer) error {
	recs, err := s.query(ctx, "check seed", stmtSeedCheck, map[string]any{"id": GraphMetaID})
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return fmt.Errorf("neo4j: seed: the scripts recorded no data version (no GraphMeta node with id %q)", GraphMetaID)
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
	if changed == (counts{}) {
		fmt.Fprintf(progress, "seeded data version %s: %d entities, %d relationships; 0 changes: the database held this data already\n", version, n[2], n[3])
		return nil
	}
	fmt.Fprintf(progress, "seeded data version %s: %d entities, %d relationships; in all %s\n", version, n[2], n[3], changed)
	return nil
}

// counts adds up what the statements of a seed changed.
type counts struct {
	nodesCreated, nodesDeleted, relsCreated, relsDeleted, props, labelsAdded, labelsRemoved int
	constraints, indexes, indexesRemoved                                                    int
}

func (c *counts) add(k neo4j.Counters) {
	c.nodesCreated += k.NodesCreated()
	c.nodesDeleted += k.NodesDeleted()
	c.relsCreated += k.RelationshipsCreated()
	c.relsDeleted += k.RelationshipsDeleted()
	c.props += k.PropertiesSet()
	c.labelsAdded += k.LabelsAdded()
	c.labelsRemoved += k.LabelsRemoved()
	c.constraints += k.ConstraintsAdded()
	c.indexes += k.IndexesAdded()
	c.indexesRemoved += k.IndexesRemoved()
}

// plus adds up o.
func (c *counts) plus(o counts) {
	c.nodesCreated += o.nodesCreated
	c.nodesDeleted += o.nodesDeleted
	c.relsCreated += o.relsCreated
	c.relsDeleted += o.relsDeleted
	c.props += o.props
	c.labelsAdded += o.labelsAdded
	c.labelsRemoved += o.labelsRemoved
	c.constraints += o.constraints
	c.indexes += o.indexes
	c.indexesRemoved += o.indexesRemoved
}

// String lists the counts that are not zero, or says "0 changes".
func (c counts) String() string {
	var parts []string
	for _, x := range []struct {
		n    int
		what string
	}{
		{c.nodesCreated, "nodes created"}, {c.nodesDeleted, "nodes deleted"},
		{c.relsCreated, "relationships created"}, {c.relsDeleted, "relationships deleted"},
		{c.props, "properties set"}, {c.labelsAdded, "labels added"}, {c.labelsRemoved, "labels removed"},
		{c.constraints, "constraints added"}, {c.indexes, "indexes added"}, {c.indexesRemoved, "indexes removed"},
	} {
		if x.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", x.n, x.what))
		}
	}
	if len(parts) == 0 {
		return "0 changes"
	}
	return strings.Join(parts, ", ")
}
