package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// member is one top-level member of a JSON object line: its key, unescaped,
// and its value's JSON text. Both may point into the line.
type member struct{ key, value []byte }

// members splits line, which json.Valid accepts and which starts with '{',
// into its top-level members, appended to ms. It reads what a decode into
// map[string]any would give without building the map or decoding the
// values no field asks for: a dataset's worked solutions, say.
func members(line []byte, ms []member) []member {
	i := skipSpace(line, 1)
	if line[i] == '}' {
		return ms
	}
	for {
		end := stringEnd(line, i)
		key := unquote(line[i:end])
		i = skipSpace(line, skipSpace(line, end)+1) // past the ':'
		vend := valueEnd(line, i)
		ms = append(ms, member{key: key, value: line[i:vend]})
		i = skipSpace(line, vend)
		if line[i] == '}' {
			return ms
		}
		i = skipSpace(line, i+1) // past the ','
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the string that starts at b[i].
func stringEnd(b []byte, i int) int {
	for i++; ; i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
}

// valueEnd returns the index just past the value that starts at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for i < len(b) && !endsLiteral(b[i]) {
		i++
	}
	return i
}

// endsLiteral: c is the first byte after a number, true, false or null.
func endsLiteral(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// unquote decodes a JSON string as encoding/json does: escapes resolved,
// invalid UTF-8 replaced by U+FFFD. Most strings need neither.
func unquote(q []byte) []byte {
	inner := q[1 : len(q)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return inner
	}
	var s string
	_ = json.Unmarshal(q, &s) // q is a valid JSON string: it cannot fail.
	return []byte(s)
}

// pickMembers is pick on an object's members: the last of equal keys counts,
// as in a decoded map, and null counts as absent.
func pickMembers(ms []member, keys map[string][]string) (map[string]string, error) {
	out := map[string]string{}
	for field, candidates := range keys {
		for _, k := range candidates {
			v := lastValue(ms, k)
			if v == nil || string(v) == "null" {
				continue
			}
			switch c := v[0]; {
			case c == '"':
				out[field] = string(unquote(v))
			case c == '-' || c >= '0' && c <= '9':
				out[field] = string(v)
			default:
				return nil, fmt.Errorf("key %q (%s): expected a string or number", k, field)
			}
			break
		}
	}
	return out, nil
}

func lastValue(ms []member, key string) []byte {
	for i := len(ms) - 1; i >= 0; i-- {
		if string(ms[i].key) == key {
			return ms[i].value
		}
	}
	return nil
}
