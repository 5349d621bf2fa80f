package dataset

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// row is one record of a file: its values of aimo's fields, by field.
type row struct {
	line   int
	fields [numFields]string
}

// A field is one of aimo's names for what a row holds, an index into
// row.fields.
type field int

const (
	fieldID field = iota
	fieldProblem
	fieldAnswer
	fieldSolution
	fieldLevel
	fieldSubject
	numFields
)

var fieldNames = [numFields]string{"id", "problem", "answer", "solution", "level", "subject"}

// fieldOf is the field called name, or -1 for a name that is not aimo's
// (lang refuses such a mapping; Read on a hand-made Dataset may have one).
func fieldOf(name string) field {
	return field(slices.Index(fieldNames[:], name))
}

// fieldKeys are the keys one field is read from, first match wins.
type fieldKeys struct {
	name       string
	field      field // -1: checked, then dropped
	candidates []string
}

// compileKeys lists keys by field name, so that rows are checked in the
// same order whatever the map's.
func compileKeys(keys map[string][]string) []fieldKeys {
	out := make([]fieldKeys, 0, len(keys))
	for name, candidates := range keys {
		out = append(out, fieldKeys{name: name, field: fieldOf(name), candidates: candidates})
	}
	slices.SortFunc(out, func(a, b fieldKeys) int { return strings.Compare(a.name, b.name) })
	return out
}

// defaultKeys are the keys each format reads an aimo field from, first match
// wins; a dataset's fields mapping replaces them.
var defaultKeys = map[string]map[string][]string{
	"math": {
		"id": {"unique_id", "id"}, "problem": {"problem"}, "solution": {"solution"},
		"level": {"level"}, "subject": {"type", "subject"}, "answer": {"answer"},
	},
	"gsm8k": {"id": {"id"}, "problem": {"question"}, "answer": {"answer"}},
	"jsonl": identityKeys(),
	"csv":   identityKeys(),
}

func identityKeys() map[string][]string {
	m := map[string][]string{}
	for _, f := range []string{"id", "problem", "answer", "solution", "level", "subject"} {
		m[f] = []string{f}
	}
	return m
}

// keysFor merges a format's defaults with the user's mapping.
func keysFor(format string, fields map[string]string) map[string][]string {
	keys := map[string][]string{}
	for k, v := range defaultKeys[format] {
		keys[k] = v
	}
	for k, v := range fields {
		keys[k] = []string{v}
	}
	return keys
}

// parseLevel reads "Level 3", "3" or 3; anything else ("Level ?") is 0,
// unknown, which a level filter then drops.
func parseLevel(s string) int {
	if s == "" {
		return 0 // most datasets have no levels: no error to make
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Level"))
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// rowError names the row a problem was found in.
func rowError(path string, line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", path, line, fmt.Sprintf(format, args...))
}
