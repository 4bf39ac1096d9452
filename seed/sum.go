package seed

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
)

// Sum returns a SHA-256 of the embedded seed files (documents.json, data/*.json, sources/*), their
// names and bytes in a fixed order: it changes whenever any of them does. Package seed/checked
// records the sum of the files it was generated from.
func Sum() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(embedded, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		f, err := embedded.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%s %d\n", name, info.Size())
		_, err = io.Copy(h, f)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("seed: sum of the embedded files: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
