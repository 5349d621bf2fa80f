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
	seen := map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var fields map[string]string
		var err error
		// A valid object line, nearly every line, is split into its members;
		// anything else goes through the decoder, whose errors name what is
		// wrong.
		if raw[0] == '{' && json.Valid(raw) {
			ms = members(raw, ms[:0])
			for _, m := range ms {
				if len(seen) < maxKeysSeen && !seen[string(m.key)] {
					seen[string(m.key)] = true
				}
			}
			fields, err = pickMembers(ms, keys)
		} else {
			var obj map[string]any
			if obj, err = decodeObject(raw); err == nil {
				for k := range obj {
					if len(seen) < maxKeysSeen {
						seen[k] = true
					}
				}
				fields, err = pick(obj, keys)
			}
		}
		if err != nil {
			return nil, nil, rowError(path, line, "%v", err)
		}
		rows = append(rows, row{line: line, fields: fields})
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
func pick(obj map[string]any, keys map[string][]string) (map[string]string, error) {
	out := map[string]string{}
	for field, candidates := range keys {
		for _, k := range candidates {
			v, ok := obj[k]
			if !ok || v == nil {
				continue
			}
			switch v := v.(type) {
			case string:
				out[field] = v
			case json.Number:
				out[field] = v.String()
			default:
				return nil, fmt.Errorf("key %q (%s): expected a string or number", k, field)
			}
			break
		}
	}
	return out, nil
}
