package dataset

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
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
var membersKeys = compileKeys(map[string][]string{"id": {"id", "uid"}, "problem": {"problem", "question"}, "answer": {"answer"}, "level": {"level"}})

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
	ms, ok := members(raw, nil)
	if !ok {
		t.Fatalf("members(%s) found a valid line invalid", line)
	}
	got, gotErr := pickMembers(ms, keys, &stringBlocks{})
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

// TestMembersCheckLinesAsJSONValidDoes: the one pass that splits a line
// also checks it, and calls valid exactly the lines json.Valid does: an
// invalid line goes to the decoder, whose error names what is wrong.
func TestMembersCheckLinesAsJSONValidDoes(t *testing.T) {
	deep := func(n int) string {
		return `{"a": ` + strings.Repeat("[", n-1) + strings.Repeat("]", n-1) + `}`
	}
	lines := []string{
		`{}`, `{ }`, `{"a": 1}`, `{"a": 1} `, "{\"a\": 1}\r\n", `{"a": 1}}`, `{"a": 1} x`, `{"a": 1}{}`, `{"a": 1,}`, `{"a" 1}`,
		`{"a": }`, `{a: 1}`, `{"a": 1 "b": 2}`, `{,}`, `{"a"}`, `{"a":`, `{"a": "x`, `{"a": "x\`, `{`, `{"`,
		`{"a": "tab	inside"}`, "{\"a\": \"nul\x00\"}", "{\"a\": \"\x7f and \xff\"}",
		`{"a": "\q"}`, `{"a": "\u12"}`, `{"a": "\u12g4"}`, `{"a": "\u12AF\/\b\f\n\r\t"}`, `{"a\u00e9": 1}`,
		`{"a": 0}`, `{"a": -0}`, `{"a": 01}`, `{"a": -}`, `{"a": 1.}`, `{"a": .5}`, `{"a": +1}`, `{"a": 1e}`, `{"a": 1e+}`,
		`{"a": 1E-07}`, `{"a": 1.5e3}`, `{"a": 12.30}`, `{"a": 1x}`, `{"a": 0x10}`, `{"a": --1}`,
		`{"a": true}`, `{"a": tru}`, `{"a": truee}`, `{"a": false}`, `{"a": nul}`, `{"a": null}`, `{"a": NULL}`,
		`{"a": [1, "x", {"b": [null]}]}`, `{"a": [1,]}`, `{"a": [,1]}`, `{"a": [1 2]}`, `{"a": {"b" 1}}`, `{"a": {"b": 1,}}`,
		`{"a": [}`, `{"a": {]}`, `{"a": [[[]]]`, `{"a": {"b": {}}}`, `{"a": ["]"]}`,
		deep(maxNesting - 1), deep(maxNesting), deep(maxNesting + 1),
	}
	if !json.Valid([]byte(deep(maxNesting))) || json.Valid([]byte(deep(maxNesting+1))) {
		t.Fatalf("encoding/json no longer nests at most %d deep", maxNesting)
	}
	for _, line := range lines {
		_, ok := members([]byte(line), nil)
		if want := json.Valid([]byte(line)); ok != want {
			t.Errorf("%.60q: valid %v, json.Valid says %v", line, ok, want)
		}
	}
}

// FuzzMembers: for any line a JSONL dataset may hold that starts as an
// object, the one-pass split calls it valid when json.Valid does, and then
// reads what the decoder reads (a hostile dataset must not make it read
// another field, or run past the line).
func FuzzMembers(f *testing.F) {
	for _, seed := range []string{`{}`, `{"id": "a", "problem": "p", "answer": "1"}`, `{"problem": "x\"}", "answer": [1, {"a": "]"}], "id": null}`,
		"{\"q\\u0075estion\": \"\xff\", \"answer\": -0.5e-3 }\r\n", `{"a": 01}`, `{"a": "\u12"}`, `{"a": [1,]}`, `{"a": 1} x`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 0 || raw[0] != '{' {
			return
		}
		_, ok := members(raw, nil)
		if want := json.Valid(raw); ok != want {
			t.Fatalf("%q: valid %v, json.Valid says %v", raw, ok, want)
		}
		if ok {
			checkMembers(t, raw)
		}
	})
}

// FuzzUnquote: a valid JSON string decodes as encoding/json decodes it,
// whatever its escapes, surrogates and invalid UTF-8.
func FuzzUnquote(f *testing.F) {
	for _, seed := range []string{`plain`, `say \"hi\" \\ \/ \b\f\n\r\t`, `\u00e9 \ud83d\ude00 \ud83d \ude00x \ud83d\u0041`, "\xff\xc3 \xe2\x82", `\uDBFF\uDFFF`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := []byte(`"` + s + `"`)
		if end, _ := scanString(q, 0); end != len(q) {
			return
		}
		var want string
		if err := json.Unmarshal(q, &want); err != nil {
			t.Fatalf("%q: scanString says valid, json.Unmarshal: %v", q, err)
		}
		if got := string(appendUnquoted(nil, q)); got != want {
			t.Fatalf("%q decodes to %q, want %q", q, got, want)
		}
	})
}
