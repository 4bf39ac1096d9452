package boltcount_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/internal/boltcount"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest"
)

func TestMain(m *testing.M) { os.Exit(neo4jtest.Main(m)) }

// TestCounts sends a known number of statements through the proxy to a real Neo4j, with the Go
// driver, and checks the RUN messages and the bytes that the proxy counted.
func TestCounts(t *testing.T) {
	srv := neo4jtest.Shared(t)
	u, err := url.Parse(srv.URI)
	if err != nil {
		t.Fatal(err)
	}
	p, err := boltcount.Start(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	d, err := driver.NewDriverWithContext(u.Scheme+"://"+p.Addr(), driver.BasicAuth(srv.Username, srv.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	if err := d.VerifyConnectivity(ctx); err != nil {
		t.Fatal(err)
	}
	db := driver.ExecuteQueryWithDatabase(srv.Database)

	// Auto-committed statements: one RUN each.
	before := p.Counts()
	for i := range 5 {
		if _, err := driver.ExecuteQuery(ctx, d, "RETURN $i AS i", map[string]any{"i": i}, driver.EagerResultTransformer, db); err != nil {
			t.Fatal(err)
		}
	}
	if got := p.Counts().Sub(before).Runs; got != 5 {
		t.Errorf("5 ExecuteQuery calls: %d RUN messages counted, want 5", got)
	}

	// Three statements in one transaction: three RUNs among BEGIN, PULLs and COMMIT.
	before = p.Counts()
	sess := d.NewSession(ctx, driver.SessionConfig{DatabaseName: srv.Database})
	_, err = sess.ExecuteRead(ctx, func(tx driver.ManagedTransaction) (any, error) {
		for _, q := range []string{"RETURN 1", "RETURN 2", "UNWIND range(1, 3) AS x RETURN x"} {
			res, err := tx.Run(ctx, q, nil)
			if err != nil {
				return nil, err
			}
			if _, err := res.Collect(ctx); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	if cerr := sess.Close(ctx); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	c := p.Counts().Sub(before)
	if c.Runs != 3 {
		t.Errorf("a transaction of 3 statements: %d RUN messages counted, want 3", c.Runs)
	}
	if c.Messages < 6 { // BEGIN, 3 RUN, PULLs, COMMIT
		t.Errorf("a transaction of 3 statements: %d messages counted, want at least 6", c.Messages)
	}

	// A result of 200,000 bytes: at least that many bytes from the server, and not much more.
	before = p.Counts()
	res, err := driver.ExecuteQuery(ctx, d, "RETURN $s AS s", map[string]any{"s": strings.Repeat("x", 200_000)}, driver.EagerResultTransformer, db)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := res.Records[0].Get("s"); len(s.(string)) != 200_000 {
		t.Fatalf("the proxy changed the result: %d bytes", len(s.(string)))
	}
	c = p.Counts().Sub(before)
	if c.Runs != 1 || c.BytesToClient < 200_000 || c.BytesToClient > 201_000 {
		t.Errorf("a 200,000-byte result: %d RUNs and %d bytes to the client, want 1 and 200,000 to 201,000", c.Runs, c.BytesToClient)
	}
}
