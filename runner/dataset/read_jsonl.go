package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/aimo-dev/aimo/internal/files"
)

// readJSONL reads one JSON object per line; blank lines are skipped, anything
// else that is not an object is an error naming the line.
func readJSONL(r io.Reader, path string, keys map[string][]string) ([]row, map[string]bool, error) {
	// The buffer starts at 64 KiB and grows, up to 64 MiB, only for a file
	// with lines that long: most datasets never pay for a larger one.
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	var rows []row
	var ms []member
	var strs stringBlocks
	fields := compileKeys(keys)
	seen := map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		r := row{line: line}
		var err error
		ok := false
		// A valid object line, nearly every line, is split into its members
		// as it is checked; anything else goes through the decoder, whose
		// errors name what is wrong.
		if raw[0] == '{' {
			ms, ok = members(raw, ms[:0])
		}
		if ok {
			for _, m := range ms {
				if len(seen) < maxKeysSeen && !seen[string(m.key)] {
					seen[string(m.key)] = true
				}
			}
			r.fields, err = pickMembers(ms, fields, &strs)
		} else {
			var obj map[string]any
			if obj, err = decodeObject(raw); err == nil {
				for k := range obj {
					if len(seen) < maxKeysSeen {
						seen[k] = true
					}
				}
				r.fields, err = pick(obj, fields)
			}
		}
		if err != nil {
			return nil, nil, rowError(path, line, "%v", err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return rows, seen, nil
}

// maxKeysSeen bounds the keys remembered for error messages.
const maxKeysSeen = 200

func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, fmt.Errorf("not a JSON object: %s", files.Excerpt(raw))
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value on the line")
	}
	return obj, nil
}

// pick takes each aimo field from the first key present. Strings and numbers
// are accepted; other JSON types are an error, not a silent "".
func pick(obj map[string]any, keys []fieldKeys) ([numFields]string, error) {
	var out [numFields]string
	for _, fk := range keys {
		for _, k := range fk.candidates {
			v, ok := obj[k]
			if !ok || v == nil {
				continue
			}
			var s string
			switch v := v.(type) {
			case string:
				s = v
			case json.Number:
				s = v.String()
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
