package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/drugwatch/roundtable-kg/seed"
)

// coverage prints how much of each source the graph covers.
func coverage(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("coverage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: roundtable-kg coverage\n\nPrints the number of entities per type, relationships per type, and per section of\neach source the entities, relationships and facts that quote it.")
	}
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	ds, err := seed.Load()
	if err != nil {
		return err
	}
	return seed.Measure(ds).Write(stdout)
}
