package render

import (
	"strconv"
	"strings"
	"unicode"
)

// printable returns a name read from a results.json as it may be printed to
// a terminal: unchanged when every rune is printable, else quoted like a Go
// string, so a baseline someone else wrote cannot move the cursor, recolour
// the screen or forge a line of output with escapes, tabs or newlines.
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return s
	}
	return strconv.Quote(s)
}
