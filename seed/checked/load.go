package checked

import (
	"maps"
	"slices"

	"github.com/drugwatch/roundtable-kg/seed"
)

// Load returns the seed dataset that the binary embeds: this package's when the embedded seed
// files are those it was generated from (seed.Sum is Sum), and otherwise the files read and
// checked by seed.Load, which refuses data with problems. The server starts with it, so it reads
// and checks the seed files only when it must.
//
// The dataset's slices and maps are the caller's, but not what they hold (texts, aliases,
// evidence): callers must not modify those.
func Load() (*seed.Dataset, error) {
	return load(Sum)
}

// load returns this package's dataset when sum is the sum of the embedded seed files, and
// otherwise the files read and checked.
func load(sum string) (*seed.Dataset, error) {
	current, err := seed.Sum()
	if err != nil {
		return nil, err
	}
	if current != sum {
		return seed.Load()
	}
	return &seed.Dataset{
		Documents:     slices.Clone(Documents),
		Entities:      slices.Clone(Entities),
		Relationships: slices.Clone(Relationships),
		Version:       Version,
		Origin:        maps.Clone(Origin),
		Distinct:      maps.Clone(Distinct),
		Translations:  slices.Clone(Translations),
		NoSession:     maps.Clone(NoSession),
	}, nil
}
