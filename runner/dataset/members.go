package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
	"unsafe"
)

// member is one top-level member of a JSON object line: its key, unescaped,
// and its value's JSON text. Both may point into the line. plain says the
// value is a string whose bytes between the quotes are what it decodes to.
type member struct {
	key, value []byte
	plain      bool
}

// members splits line, which starts with '{', into its top-level members,
// appended to ms, and says whether line is one valid JSON object, as
// json.Valid would: one pass both checks the line and splits it. It reads
// what a decode into map[string]any would give without building the map or
// decoding the values no field asks for: a dataset's worked solutions, say.
func members(line []byte, ms []member) ([]member, bool) {
	i := skipSpace(line, 1)
	if i < len(line) && line[i] == '}' {
		return ms, skipSpace(line, i+1) == len(line)
	}
	for {
		end, plain := scanString(line, i)
		if end < 0 {
			return ms, false
		}
		key := line[i+1 : end-1]
		if !plain {
			key = unquote(line[i:end])
		}
		if i = skipSpace(line, end); i >= len(line) || line[i] != ':' {
			return ms, false
		}
		i = skipSpace(line, i+1)
		var vend int
		if plain = false; i < len(line) && line[i] == '"' {
			vend, plain = scanString(line, i)
		} else {
			vend = scanValue(line, i, 1)
		}
		if vend < 0 {
			return ms, false
		}
		ms = append(ms, member{key: key, value: line[i:vend], plain: plain})
		if i = skipSpace(line, vend); i >= len(line) {
			return ms, false
		}
		switch line[i] {
		case '}':
			return ms, skipSpace(line, i+1) == len(line)
		case ',':
			i = skipSpace(line, i+1)
		default:
			return ms, false
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// pickMembers is pick on an object's members: the last of equal keys counts,
// as in a decoded map, and null counts as absent. Its strings are made by
// strs.
func pickMembers(ms []member, keys []fieldKeys, strs *stringBlocks) ([numFields]string, error) {
	var out [numFields]string
	for _, fk := range keys {
		for _, k := range fk.candidates {
			m := lastMember(ms, k)
			if m == nil || string(m.value) == "null" {
				continue
			}
			v := m.value
			var s string
			switch c := v[0]; {
			case m.plain:
				s = strs.of(v[1 : len(v)-1])
			case c == '"':
				s = strs.unquote(v)
			case c == '-' || c >= '0' && c <= '9':
				s = strs.of(v)
			default:
				return out, fmt.Errorf("key %q (%s): expected a string or number", k, fk.name)
			}
			if fk.field >= 0 {
				out[fk.field] = s
			}
			break
		}
	}
	return out, nil
}

func lastMember(ms []member, key string) *member {
	for i := len(ms) - 1; i >= 0; i-- {
		if string(ms[i].key) == key {
			return &ms[i]
		}
	}
	return nil
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

// stringBlocks makes a file's values into strings, many to an allocation: they
// live as long as the set's problems do, so sharing a block costs nothing
// and saves an allocation a value.
type stringBlocks struct{ block []byte }

// stringsBlock is the size of stringBlocks' blocks; a value longer than a
// quarter of it gets an allocation of its own.
const stringsBlock = 16 << 10

// of is b as a string.
func (s *stringBlocks) of(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(s.block)-len(s.block) {
		if len(b) > stringsBlock/4 {
			return string(b)
		}
		s.block = make([]byte, 0, stringsBlock)
	}
	start := len(s.block)
	s.block = append(s.block, b...)
	// The block's bytes up to len are never written again.
	return unsafe.String(&s.block[start], len(b))
}

// unquote is the JSON string q decoded, as a string.
func (s *stringBlocks) unquote(q []byte) string {
	inner := q[1 : len(q)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return s.of(inner)
	}
	var out string
	_ = json.Unmarshal(q, &out) // q is a valid JSON string: it cannot fail.
	return out
}
