package dataset

import (
	"bytes"
	"fmt"
	"unicode/utf16"
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
	return appendUnquoted(nil, q)
}

// stringBlocks makes a file's values into strings, many to an allocation:
// they live as long as the set's problems do, so sharing a block costs
// nothing and saves an allocation a value.
type stringBlocks struct{ block, scratch []byte }

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
	s.scratch = appendUnquoted(s.scratch[:0], q)
	return s.of(s.scratch)
}

// appendUnquoted appends the valid JSON string q, decoded as encoding/json
// decodes it (escapes resolved, a lone surrogate or a byte of invalid UTF-8
// replaced by U+FFFD), to dst.
func appendUnquoted(dst, q []byte) []byte {
	for r := 1; r < len(q)-1; {
		switch c := q[r]; {
		case c == '\\':
			switch c := q[r+1]; c {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				rr := hex4(q[r+2:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(q)-1 && q[r] == '\\' && q[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(q[r+2:])); dec != utf8.RuneError {
							dst = utf8.AppendRune(dst, dec)
							r += 6
							continue
						}
					}
					rr = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, rr)
				continue
			default: // '"', '\\', '/'
				dst = append(dst, c)
			}
			r += 2
		case c < utf8.RuneSelf:
			j := r + 1 // the run of ASCII to copy as it is
			for j < len(q)-1 && q[j] < utf8.RuneSelf && q[j] != '\\' {
				j++
			}
			dst = append(dst, q[r:j]...)
			r = j
		default:
			rr, size := utf8.DecodeRune(q[r : len(q)-1])
			dst = utf8.AppendRune(dst, rr)
			r += size
		}
	}
	return dst
}

// hex4 is the value of the four hex digits b starts with, which scanString
// has checked.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
