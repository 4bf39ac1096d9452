package jsondepth_test

import (
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
