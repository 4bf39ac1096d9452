// Package neo4j implements kg.Store on a Neo4j database (5.3 or later, or Aura), holding the data
// that Seed writes (the seed command), or the seed scripts of seed/*.cypher that Scripts renders. It answers exactly as the embedded store (package
// memory) does: same order, same pages, same errors. Where Neo4j's own behaviour would differ,
// the store asks Neo4j for what it needs and applies the rules of package kg in Go: search takes
// its candidates from the full-text index and ranks them with kg.Score; a neighbourhood is walked
// level by level and cut at its limit as the embedded store cuts it. Among several shortest paths,
// the Cypher picks the one the embedded store's breadth-first search finds.
//
// All Cypher is in the .cypher files of this directory, embedded in the binary; every value is a
// parameter, and relationship types from requests are checked against kg.Vocabulary before they
// are passed, as a list parameter.
//
// A Store holds one driver (a connection pool) and is safe for concurrent use. Reads go through
// read transactions routed to readers, so a cluster or Aura spreads them over its followers:
// managed ones, the read transaction a request's calls share (Scope), or an auto-commit one for
// the only statement of a request (kg.OnlyCall). Driver errors are translated: a server that cannot be reached or does not answer in
// time gives kg.ErrUnavailable; a query that ran past its time gives kg.ErrTimeout; rejected
// credentials and an unknown database give ErrUnauthorized and
// ErrDatabaseNotFound (which also match kg.ErrUnavailable); a cancelled call gives
// context.Canceled. Error messages name the URI, never the password.
//
// Each transaction is given a server-side timeout a little below the time the call has left (its
// context's deadline, at most Config.QueryTimeout), so that a query that runs too long is stopped
// by the server rather than left running. Neo4j enforces it only every
// db.transaction.monitor.check.interval (2s by default), so a statement that the server is still
// running when the call's time runs out is reported as kg.ErrTimeout too.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Config says how to reach Neo4j.
type Config struct {
	// URI is the server's address: neo4j://host:7687 (routing, for clusters), bolt://host:7687
	// (one server), or the +s / +ssc variants for TLS (Aura: neo4j+s://xxxx.databases.neo4j.io).
	URI      string
	Username string
	Password string
	// Database is the database to use; empty means the user's home database.
	Database string
	// ConnectTimeout bounds opening a connection: TCP connect, TLS and Bolt handshakes, and waiting
	// for a free connection in the pool. Default 5s.
	ConnectTimeout time.Duration
	// QueryTimeout bounds each store call, retries included; the server is also told to stop a
	// transaction that runs longer. Default 10s.
	QueryTimeout time.Duration
	// RetryTime is how long a call retries a transient failure (a lost connection, a leader
	// switch in a cluster) before it gives up with kg.ErrUnavailable. Default 1s, so that calls
	// fail fast while the server is down.
	RetryTime time.Duration
}

// Defaults of Config.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultQueryTimeout   = 10 * time.Second
	DefaultRetryTime      = 1 * time.Second
)

// String describes the configuration without the password, as a person reads it:
// `database "kg" at neo4j://host:7687 as "neo4j"`, or `the home database at ...`.
func (c Config) String() string {
	db := "the home database"
	if c.Database != "" {
		db = fmt.Sprintf("database %q", c.Database)
	}
	return fmt.Sprintf("%s at %s as %q", db, redact(c.URI), c.Username)
}

func (c Config) withDefaults() Config {
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = DefaultQueryTimeout
	}
	if c.RetryTime <= 0 {
		c.RetryTime = DefaultRetryTime
	}
	return c
}

// Configuration errors: waiting does not cure them, so WaitFor gives up at once. Errors that wrap
// them also wrap kg.ErrUnavailable, since the store cannot serve until the configuration is fixed.
var (
	// ErrUnauthorized means that the server rejected the username and password.
	ErrUnauthorized = errors.New("credentials rejected")
	// ErrDatabaseNotFound means that the server has no database of the configured name.
	ErrDatabaseNotFound = errors.New("no such database")
)

// Store is a kg.Store on Neo4j.
type Store struct {
	driver   neo4j.DriverWithContext
	cfg      Config
	uri      string // redacted, for messages
	database string // "database \"name\"" or "home database", for messages
	queries  atomic.Int64
	// fastest is the time of the fastest statement run so far, in nanoseconds (observe).
	fastest atomic.Int64
	// hubDegree and hubPerEntity are HubDegree and hubPerEntity (hubThreshold); tests lower them to
	// send every walk by the hub path.
	hubDegree, hubPerEntity int
}

var _ kg.Store = (*Store)(nil)

// Open connects to Neo4j and checks that the server answers, accepts the credentials, and serves
// the configured database. It does not check that the database is seeded: Ready does.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg = cfg.withDefaults()
	if cfg.URI == "" {
		return nil, fmt.Errorf("neo4j: no URI given (set NEO4J_URI, e.g. neo4j://localhost:7687): %w", kg.ErrInvalid)
	}
	u, err := url.Parse(cfg.URI)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("neo4j: URI %s is not of the form scheme://host:port: %w", redact(cfg.URI), kg.ErrInvalid)
	}
	auth := neo4j.NoAuth()
	if cfg.Username != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.SocketConnectTimeout = cfg.ConnectTimeout
		c.ConnectionAcquisitionTimeout = cfg.ConnectTimeout
		c.MaxTransactionRetryTime = cfg.RetryTime
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: %s: %v: %w", redact(cfg.URI), err, kg.ErrInvalid)
	}
	s := &Store{driver: driver, cfg: cfg, uri: redact(cfg.URI), database: "home database", hubDegree: HubDegree, hubPerEntity: hubPerEntity}
	if cfg.Database != "" {
		s.database = fmt.Sprintf("database %q", cfg.Database)
	}
	cctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout)
	defer cancel()
	if err := driver.VerifyConnectivity(cctx); err != nil {
		return nil, errors.Join(s.translate("connect", err), driver.Close(context.WithoutCancel(ctx)))
	}
	if _, err := s.query(ctx, "open database", stmtPing, nil); err != nil {
		return nil, errors.Join(err, driver.Close(context.WithoutCancel(ctx)))
	}
	for range 4 {
		// A few more trivial statements, so that the batch wait starts from the fastest of several.
		if _, err := s.query(ctx, "open database", stmtPing, nil); err != nil {
			return nil, errors.Join(err, driver.Close(context.WithoutCancel(ctx)))
		}
	}
	return s, nil
}

// Bounds of the batch wait.
const (
	// MinBatchWait is the least wait: below it, the lookups of one query level, made by resolvers
	// running at the same time, do not reliably gather into one batch.
	MinBatchWait = 200 * time.Microsecond
	// MaxBatchWait is the most: a server far enough for longer waits gains little from them
	// against the latency they add at each level of every query.
	MaxBatchWait = 10 * time.Millisecond
)

// observe records the time of a statement that succeeded, from RUN to the end of its result.
func (s *Store) observe(d time.Duration) {
	for {
		old := s.fastest.Load()
		if old != 0 && old <= int64(d) {
			return
		}
		if s.fastest.CompareAndSwap(old, int64(d)) {
			return
		}
	}
}

// BatchWait implements graph.BatchWaiter: how long the API may hold a lookup back to batch it
// with the others of its query level. It is the fastest statement the store has run since it
// opened (Open runs five trivial ones), from RUN to the end of its result: about one round trip
// to the server, which a batch saves per key it gathers. It is at least MinBatchWait and at most
// MaxBatchWait, and it shrinks as the server warms up.
func (s *Store) BatchWait() time.Duration {
	return min(max(time.Duration(s.fastest.Load()), MinBatchWait), MaxBatchWait)
}

// WaitFor opens the store, retrying while the server cannot be reached, until wait has passed or
// ctx is done; it reports each failed attempt to progress. It gives up at once on errors that
// waiting cannot cure: rejected credentials, an unknown database, a bad URI. It serves a
// --wait-for-neo4j flag: a server started next to Neo4j (docker compose) waits for Neo4j to
// accept connections.
func WaitFor(ctx context.Context, cfg Config, wait time.Duration, progress io.Writer) (*Store, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	delay := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		s, err := Open(ctx, cfg)
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, kg.ErrUnavailable) || errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrDatabaseNotFound) {
			return nil, err
		}
		fmt.Fprintf(progress, "neo4j: attempt %d: %v; retrying in %s\n", attempt, err, delay)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("neo4j: %s did not become available within %s: %w", redact(cfg.URI), wait, err)
		case <-time.After(delay):
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error {
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("neo4j: close: %w", err)
	}
	return nil
}

// Queries returns the number of Cypher statements the store has sent since it was opened, retries
// not counted. Tests use it to check that a batch is served by one query.
func (s *Store) Queries() int64 { return s.queries.Load() }

// redact removes any user information from a URI, for messages.
func redact(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(unparsable URI)"
	}
	u.User = nil
	return u.String()
}
