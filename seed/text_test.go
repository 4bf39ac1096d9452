package seed_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drugwatch/roundtable-kg/seed"
)

// treeWith returns the embedded seed tree with the files of testdata/text added under the given
// names.
func treeWith(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	tree := fstest.MapFS{}
	err := fs.WalkDir(seed.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(seed.FS(), p)
		tree[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, fixture := range files {
		data, err := os.ReadFile("testdata/text/" + fixture)
		if err != nil {
			t.Fatal(err)
		}
		tree[name] = &fstest.MapFile{Data: data}
	}
	return tree
}

// TestTextIsChecked reads seed trees holding text that is not clean UTF-8: each is an error that
// names the file and the position, never a silent replacement.
func TestTextIsChecked(t *testing.T) {
	var source string
	for _, d := range mustRead(t, seed.FS()).Documents {
		source = d.File
	}
	for name, tc := range map[string]struct {
		files map[string]string
		want  string
	}{
		"Latin1InData":        {map[string]string{"data/99-bad.json": "latin1.json"}, "seed: data/99-bad.json: line 5, column 47 (byte 87): invalid UTF-8 (byte 0xe9)"},
		"ReplacementInSource": {map[string]string{source: "replacement.txt"}, "seed: " + source + ": line 2, column 6 (byte 16): U+FFFD"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := seed.Read(treeWith(t, tc.files))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Read: %v; want an error with %q", err, tc.want)
			}
		})
	}
}

func mustRead(t *testing.T, fsys fs.FS) *seed.Dataset {
	t.Helper()
	ds, err := seed.Read(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
