package seed_test

import (
	"io/fs"
	"path"
	"testing"
	"testing/fstest"

	"github.com/drugwatch/roundtable-kg/seed"
)

// FuzzRead feeds the loader a data file of arbitrary bytes beside the real documents and sources:
// reading and checking it may fail, never panic. The seeds are the real data files.
// Run it with: go test ./seed/ -run '^$' -fuzz FuzzRead -fuzztime 60s
func FuzzRead(f *testing.F) {
	base := fstest.MapFS{}
	err := fs.WalkDir(seed.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(seed.FS(), p)
		if err != nil {
			return err
		}
		if path.Dir(p) == "data" {
			f.Add(b)
			return nil
		}
		base[p] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"document": "roundtable-2019", "entities": [{"id": "x", "type": "Fact", "about": ["x"]}], "mentions": [{"entity": "y"}]}`))
	f.Add([]byte(`{"entities": [{"id": "a"}, {"id": "a"}], "relationships": [{"type": "", "from": "a", "to": "a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"data/fuzz.json": &fstest.MapFile{Data: data}}
		for p, file := range base {
			fsys[p] = file
		}
		ds, err := seed.Read(fsys)
		if err != nil {
			return
		}
		seed.Check(ds)
		seed.Measure(ds)
	})
}
