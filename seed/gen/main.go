// Command gen writes the Cypher seed scripts (seed/*.cypher) from the data under seed/data. It runs
// from the seed directory through `go generate ./...`, and refuses to write scripts for data that
// does not pass the checks.
package main

import (
	"fmt"
	"os"

	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/seed"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	ds, err := seed.Load()
	if err != nil {
		return err
	}
	scripts, err := neo4j.Scripts(ds)
	if err != nil {
		return err
	}
	for _, s := range scripts {
		if err := os.WriteFile(s.Name, []byte(s.Text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
