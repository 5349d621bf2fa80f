package files

import (
	"strconv"
	"unicode/utf8"
)

// ExcerptLen is how many bytes of a bad line an error quotes.
const ExcerptLen = 32

// Excerpt quotes the start of a bad line for an error message: at most
// ExcerptLen bytes, cut on a character boundary, escaped like a Go string so
// control characters and terminal escapes print as text, with "..." after it
// when the line was longer. It never echoes a whole line, which may hold a
// secret the file was not meant to show.
func Excerpt(b []byte) string {
	if len(b) <= ExcerptLen {
		return strconv.Quote(string(b))
	}
	cut := ExcerptLen
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return strconv.Quote(string(b[:cut])) + "..."
}
