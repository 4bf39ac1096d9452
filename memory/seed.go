package memory

import (
	"fmt"
	"maps"
	"slices"

	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/seed/checked"
)

// Seeded returns a store holding the seed dataset embedded in the binary, and the dataset.
//
// The server starts with it, so it reads and checks the seed files only when it must: when the
// embedded files are those that package seed/checked was generated from (seed.Sum), the dataset
// is checked's, which passed the checks when it was generated. Otherwise the files are read and
// checked (seed.Load), and data with problems is refused. The dataset's slices and maps are the
// caller's, but not what they hold (texts, aliases, evidence): callers must not modify those.
func Seeded() (*Store, *seed.Dataset, error) {
	ds, err := seedDataset(checked.Sum)
	if err != nil {
		return nil, nil, fmt.Errorf("load the embedded graph: %w", err)
	}
	s, err := New(ds.Entities, ds.Relationships, ds.Version)
	if err != nil {
		return nil, nil, fmt.Errorf("index the embedded graph: %w", err)
	}
	return s, ds, nil
}

// seedDataset returns checked's dataset when sum is the sum of the embedded seed files, and
// otherwise the files read and checked.
func seedDataset(sum string) (*seed.Dataset, error) {
	current, err := seed.Sum()
	if err != nil {
		return nil, err
	}
	if current != sum {
		return seed.Load()
	}
	return &seed.Dataset{
		Documents:     slices.Clone(checked.Documents),
		Entities:      slices.Clone(checked.Entities),
		Relationships: slices.Clone(checked.Relationships),
		Version:       checked.Version,
		Origin:        maps.Clone(checked.Origin),
		Distinct:      maps.Clone(checked.Distinct),
		Translations:  slices.Clone(checked.Translations),
		NoSession:     maps.Clone(checked.NoSession),
	}, nil
}
