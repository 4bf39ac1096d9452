package seed

import (
	"bytes"
	"fmt"
	"io/fs"
	"unicode/utf8"
)

// readText reads a file of the seed tree whose content is text: it must be valid UTF-8, without
// control characters other than tab, newline and carriage return, and without U+FFFD (the mark of
// text lost by an earlier conversion). encoding/json would silently turn invalid UTF-8 into
// U+FFFD: the error names the file and the position instead.
func readText(fsys fs.FS, name string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if err := checkText(data); err != nil {
		return nil, fmt.Errorf("seed: %s: %w", name, err)
	}
	return data, nil
}

// checkText returns an error naming the line, column (in characters) and byte offset of the first
// byte of data that is not text.
func checkText(data []byte) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		var what string
		switch {
		case r == utf8.RuneError && size == 1:
			what = fmt.Sprintf("invalid UTF-8 (byte 0x%02x)", data[i])
		case r == utf8.RuneError:
			what = "U+FFFD, the replacement character (the text was damaged by an earlier conversion)"
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f:
			what = fmt.Sprintf("control character U+%04X", r)
		}
		if what != "" {
			return fmt.Errorf("line %d, column %d (byte %d): %s", line, col, i, what)
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return fmt.Errorf("line 1, column 1 (byte 0): a byte order mark; save the file as UTF-8 without one")
	}
	return nil
}
