// Package memorytest gives tests an embedded store over the seed data.
package memorytest

import (
	"testing"

	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/seed/checked"
)

// MustSeeded returns a fresh memory store over the seed dataset the binary embeds (checked.Load),
// and the dataset, as the server starts with them; it fails the test if either cannot be made.
func MustSeeded(tb testing.TB) (*memory.Store, *seed.Dataset) {
	tb.Helper()
	ds, err := checked.Load()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := memory.New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		tb.Fatal(err)
	}
	return s, ds
}
