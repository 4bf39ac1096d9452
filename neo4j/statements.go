package neo4j

import (
	"context"
	"embed"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

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
	st := statement{name: name, text: stmts[0].Text}
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
	stmtEntitiesCount = load("entities-count.cypher")
	stmtRelationships = load("relationships.cypher")
	stmtSearch        = load("search.cypher")
	stmtSearchAll     = load("search-all.cypher")
	stmtNeighbors     = load("neighbors.cypher")
	stmtStats         = load("stats.cypher")
	stmtReset         = load("reset.cypher")
	stmtSeedCheck     = load("seed-check.cypher")

	stmtSeedEntities           = load("seed-entities.cypher")
	stmtSeedRelationships      = load("seed-relationships.cypher")
	stmtSeedPruneEntities      = load("seed-prune-entities.cypher")
	stmtSeedPruneRelationships = load("seed-prune-relationships.cypher")
	stmtSeedVersion            = load("seed-version.cypher")
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

// query runs one read statement in its own managed read transaction, routed to a reader.
func (s *Store) query(ctx context.Context, what string, st statement, params map[string]any) ([]*neo4j.Record, error) {
	if err := st.check(params); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	opts := []neo4j.ExecuteQueryConfigurationOption{
		neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.cfg.QueryTimeout)),
	}
	if s.cfg.Database != "" {
		opts = append(opts, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
	}
	s.queries.Add(1)
	res, err := neo4j.ExecuteQuery(ctx, s.driver, st.text, params, neo4j.EagerResultTransformer, opts...)
	if err != nil {
		return nil, s.translate(what, err)
	}
	return res.Records, nil
}

// runFunc runs one statement inside a transaction and returns all its records.
type runFunc func(st statement, params map[string]any) ([]*neo4j.Record, error)

// readTx runs work in one managed read transaction, so that its statements see the same data.
// The driver may run work again after a transient failure: work must start from scratch each time.
func (s *Store) readTx(ctx context.Context, what string, work func(run runFunc) error) (err error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{
		AccessMode:      neo4j.AccessModeRead,
		DatabaseName:    s.cfg.Database,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
	defer func() {
		if cerr := sess.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = s.translate(what, cerr)
		}
	}()
	_, err = sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, work(func(st statement, params map[string]any) ([]*neo4j.Record, error) {
			if err := st.check(params); err != nil {
				return nil, err
			}
			s.queries.Add(1)
			res, err := tx.Run(ctx, st.text, params)
			if err != nil {
				return nil, err
			}
			return res.Collect(ctx)
		})
	}, neo4j.WithTxTimeout(s.cfg.QueryTimeout))
	return s.translate(what, err)
}
