package cache

import "strings"

// Normalize returns a GraphQL document without what does not change its meaning: comments,
// commas, and white space except one space between two names or numbers. Strings and block
// strings are kept as they are. Two documents that differ only in layout normalise the same.
func Normalize(doc string) string {
	var b strings.Builder
	b.Grow(len(doc))
	pendingSpace := false
	last := byte(0)
	for i := 0; i < len(doc); {
		c := doc[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			pendingSpace = true
			i++
			continue
		case c == '#':
			for i < len(doc) && doc[i] != '\n' && doc[i] != '\r' {
				i++
			}
			pendingSpace = true
			continue
		}
		if pendingSpace && word(last) && (word(c) || c == '"') {
			b.WriteByte(' ')
		}
		pendingSpace = false
		switch {
		case strings.HasPrefix(doc[i:], `"""`):
			end := blockStringEnd(doc, i+3)
			b.WriteString(doc[i:end])
			i = end
			last = '"'
		case c == '"':
			end := stringEnd(doc, i+1)
			b.WriteString(doc[i:end])
			i = end
			last = '"'
		default:
			b.WriteByte(c)
			last = c
			i++
		}
	}
	return b.String()
}

// word reports whether c may be part of a name or number, which a space must keep apart.
func word(c byte) bool {
	return c == '_' || c == '.' || c == '-' || c == '"' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// stringEnd returns the index just after the string whose contents start at i.
func stringEnd(doc string, i int) int {
	for i < len(doc) {
		switch doc[i] {
		case '\\':
			i += 2
			continue
		case '"', '\n':
			return i + 1
		}
		i++
	}
	return len(doc)
}

// blockStringEnd returns the index just after the block string whose contents start at i.
func blockStringEnd(doc string, i int) int {
	for i < len(doc) {
		if strings.HasPrefix(doc[i:], `\"""`) {
			i += 4
			continue
		}
		if strings.HasPrefix(doc[i:], `"""`) {
			return i + 3
		}
		i++
	}
	return len(doc)
}
