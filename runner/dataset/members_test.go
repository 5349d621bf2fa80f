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
		if !json.Valid([]byte(line)) {
			t.Fatalf("test line is not valid JSON: %s", line)
		}
		checkMembers(t, []byte(line))
	}
}

// membersKeys are the fields checkMembers picks: candidates in order, as a
// dataset's fields mapping lists them.
var membersKeys = map[string][]string{"id": {"id", "uid"}, "problem": {"problem", "question"}, "answer": {"answer"}, "level": {"level"}}

// checkMembers compares the fast split of a valid object line with decoding
// it into a map: the same fields picked, with the same error, and the same
// keys.
func checkMembers(t *testing.T, raw []byte) {
	t.Helper()
	keys := membersKeys
	line := string(raw)
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

// FuzzMembers: for any line a JSONL dataset may hold that is a valid JSON
// object, the fast split reads what the decoder reads (a hostile dataset
// must not make it read another field, or run past the line).
func FuzzMembers(f *testing.F) {
	for _, seed := range []string{`{}`, `{"id": "a", "problem": "p", "answer": "1"}`, `{"problem": "x\"}", "answer": [1, {"a": "]"}], "id": null}`,
		"{\"q\\u0075estion\": \"\xff\", \"answer\": -0.5e-3 }\r\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 0 || raw[0] != '{' || !json.Valid(raw) {
			return
		}
		checkMembers(t, raw)
	})
}
