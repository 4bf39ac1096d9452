// Package jsondepth measures how deep a JSON text nests without decoding it, so that a hostile
// request costs one scan of its bytes before anything decodes it.
package jsondepth

// Exceeds returns the offset at which the JSON text b opens its (max+1)th nested object or
// array, or -1 when it nests at most max levels. It reads each byte once and skips strings.
// Malformed JSON is left to the decoder: Exceeds only counts brackets.
func Exceeds(b []byte, max int) int {
	depth := 0
	inString, escaped := false, false
	for i, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > max {
				return i
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return -1
}
