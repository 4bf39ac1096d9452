package memory

import (
	"fmt"

	"github.com/drugwatch/roundtable-kg/seed"
)

// Seeded returns a store holding the seed dataset embedded in the binary, and the dataset.
func Seeded() (*Store, *seed.Dataset, error) {
	ds, err := seed.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("load the embedded graph: %w", err)
	}
	s, err := New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		return nil, nil, fmt.Errorf("index the embedded graph: %w", err)
	}
	return s, ds, nil
}
