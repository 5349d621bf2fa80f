package dataset

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
)

// TestMembersReadAsTheDecoderDoes: the fast split of a valid object line
// gives the fields and keys that decoding it into a map gives, for the
// lines that could trip a hand-written scanner.
func TestMembersReadAsTheDecoderDoes(t *testing.T) {
	keys := map[string][]string{"id": {"id", "uid"}, "problem": {"problem", "question"}, "answer": {"answer"}, "level": {"level"}}
	lines := []string{
		`{}`,
		`{"id": "a", "problem": "p", "answer": "1"}`,
		"{ \"id\" :\t\"a\" ,\r\n \"problem\":\"p\" }",
		`{"problem": "say \"hi\" \\ then \u00e9 and \ud83d\ude00", "answer": -1.5e+3}`,
		`{"problem": "braces } ] { [ and , inside", "meta": {"x": ["}", "\"]", {"y": [1, 2]}]}, "answer": 7}`,
		`{"id": null, "uid": "second", "problem": "p", "answer": 0}`,
		`{"problem": "first", "problem": "last wins", "answer": "x"}`,
		`{"q\u0075estion": "escaped key", "answer": "y"}`,
		"{\"problem\": \"bad \xff utf8\", \"answer\": \"z\"}",
		`{"problem": "p", "answer": true}`,
		`{"problem": "p", "answer": ["1"]}`,
		`{"problem": "p", "answer": {"v": 1}, "level": 3}`,
		`{"problem": "p", "tags": [], "empty": {}, "answer": "2", "level": null}`,
	}
	for _, line := range lines {
		raw := []byte(line)
		if !json.Valid(raw) {
			t.Fatalf("test line is not valid JSON: %s", line)
		}
		obj, err := decodeObject(raw)
		if err != nil {
			t.Fatalf("decodeObject(%s): %v", line, err)
		}
		want, wantErr := pick(obj, keys)
		ms := members(raw, nil)
		got, gotErr := pickMembers(ms, keys)
		if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) ||
			gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Errorf("%s:\n fields %q, %v\n want   %q, %v", line, got, gotErr, want, wantErr)
		}
		var gotKeys, wantKeys []string
		for k := range obj {
			wantKeys = append(wantKeys, k)
		}
		seen := map[string]bool{}
		for _, m := range ms {
			if !seen[string(m.key)] {
				seen[string(m.key)] = true
				gotKeys = append(gotKeys, string(m.key))
			}
		}
		sort.Strings(gotKeys)
		sort.Strings(wantKeys)
		if !reflect.DeepEqual(gotKeys, wantKeys) {
			t.Errorf("%s: keys %q, want %q", line, gotKeys, wantKeys)
		}
	}
}
