package jsondepth_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/internal/jsondepth"
)

func TestExceeds(t *testing.T) {
	for name, tc := range map[string]struct {
		json string
		max  int
		want int
	}{
		"flat":                {`{"a": 1, "b": [1, 2]}`, 2, -1},
		"at the limit":        {`{"a": {"b": [1]}}`, 3, -1},
		"one past":            {`{"a": {"b": [1]}}`, 2, 12},
		"brackets in strings": {`{"a": "[[[{{{", "b": "\"[[["}`, 1, -1},
		"escaped backslash":   {`{"a": "\\", "b": [[1]]}`, 2, 18},
		"deep":                {strings.Repeat("[", 10000), 32, 32},
		"empty":               {``, 0, -1},
	} {
		t.Run(name, func(t *testing.T) {
			if got := jsondepth.Exceeds([]byte(tc.json), tc.max); got != tc.want {
				t.Errorf("Exceeds(%q, %d) = %d, want %d", tc.json, tc.max, got, tc.want)
			}
		})
	}
}

// FuzzExceeds checks Exceeds against the nesting the JSON decoder finds, on valid JSON.
func FuzzExceeds(f *testing.F) {
	for _, s := range []string{`{}`, `[[1,[2]],{"a":{"b":"]}"}}]`, `"\\"`, `[{"\"[":[]}]`, `1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		depth, deepest := 0, 0
		d := json.NewDecoder(strings.NewReader(s))
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			switch tok {
			case json.Delim('{'), json.Delim('['):
				depth++
				deepest = max(deepest, depth)
			case json.Delim('}'), json.Delim(']'):
				depth--
			}
		}
		if got := jsondepth.Exceeds([]byte(s), deepest); got != -1 {
			t.Errorf("Exceeds(%q, %d) = %d, want -1", s, deepest, got)
		}
		if deepest > 0 {
			if got := jsondepth.Exceeds([]byte(s), deepest-1); got < 0 || (s[got] != '{' && s[got] != '[') {
				t.Errorf("Exceeds(%q, %d) = %d, want the offset of a bracket", s, deepest-1, got)
			}
		}
	})
}
