package dataset

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

// brief is a problem's ID, answer, subject and level, which is what loaders
// must get right.
func brief(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.ID + "=" + p.Answer + " [" + p.Subject + " " + strconv.Itoa(p.Level) + "]; ")
	}
	return b.String()
}

func TestLoadFormats(t *testing.T) {
	tests := []struct {
		name string
		d    lang.Dataset
		want string
	}{
		{"math keeps every answer and reads unique_id, type and level", lang.Dataset{Format: "math", Path: "math.jsonl", Answers: "any"},
			`train/algebra/1.json=2 [Algebra 1]; train/algebra/2.json=\frac{10}{5} [Algebra 2]; train/prealgebra/3.json=1,000 [Prealgebra 1]; ` +
				`train/geometry/4.json=3.0 [Geometry 3]; train/algebra/5.json=\frac32 [Algebra 2]; train/number_theory/7.json=2024 [Number Theory 5]; ` +
				`train/number_theory/8.json=-1 [Number Theory 0]; `},
		{"gsm8k takes the number after #### without commas, ids from lines", lang.Dataset{Format: "gsm8k", Path: "gsm8k.jsonl", Answers: "integer"},
			`g/1=72 [ 0]; g/2=1234 [ 0]; `},
		{"csv reads quoted multi-line problems by header name", lang.Dataset{Format: "csv", Path: "aimo.csv", Answers: "integer", AnswerRange: []int64{0, 99999}},
			`0e644e=336 [ 0]; 424e18=99999 [ 0]; `},
		{"jsonl maps aimo names onto the file's keys", lang.Dataset{Format: "jsonl", Path: "generic.jsonl", Answers: "any",
			Fields: map[string]string{"id": "qid", "problem": "prompt", "answer": "gold", "subject": "topic", "level": "difficulty"}},
			`a1=7 [Arithmetic 3]; a2=\pi [Geometry 0]; `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load("g", &tt.d, "testdata")
			if err != nil {
				t.Fatal(err)
			}
			if got := brief(s.Problems); got != tt.want {
				t.Errorf("problems:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestLoadReportsDropsAndDuplicates(t *testing.T) {
	s, err := Load("m", &lang.Dataset{Format: "math", Path: "math.jsonl", Answers: "any"}, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	r := s.Report
	if r.Read != 9 || r.Kept != 7 || r.Dropped[DropNoAnswer] != 1 || r.Dropped[DropDuplicate] != 1 {
		t.Errorf("report = %+v, want 9 read, 7 kept, one without an answer, one duplicate", r)
	}
	want := Duplicate{"train/algebra/6.json", "testdata/math.jsonl:6", "train/algebra/1.json", "testdata/math.jsonl:1"}
	if len(r.Duplicates) != 1 || r.Duplicates[0] != want {
		t.Errorf("duplicates = %+v, want [%+v]", r.Duplicates, want)
	}
	if got := s.Problems[0].Source; got != "testdata/math.jsonl:1" {
		t.Errorf("source = %q, want path:line", got)
	}
}

func TestLoadMalformedRowsNamePathAndLine(t *testing.T) {
	tests := []struct {
		name, format, path string
		fields             map[string]string
		want               string
	}{
		{"bad json", "math", "math_bad_json.jsonl", nil, "testdata/math_bad_json.jsonl:3: not a JSON object"},
		{"missing problem", "math", "math_no_problem.jsonl", nil, "testdata/math_no_problem.jsonl:2: missing problem text"},
		{"repeated id", "math", "math_dup_id.jsonl", nil, `testdata/math_dup_id.jsonl:2: id "train/algebra/1.json" already used at testdata/math_dup_id.jsonl:1`},
		{"csv wrong column count", "csv", "bad_columns.csv", nil, "testdata/bad_columns.csv:4: wrong number of fields"},
		{"csv without a problem column", "csv", "no_problem_column.csv", nil, "testdata/no_problem_column.csv:1: no problem column"},
		{"jsonl list where a string belongs", "jsonl", "generic_bad.jsonl", map[string]string{"answer": "gold", "problem": "prompt"},
			`testdata/generic_bad.jsonl:1: key "gold" (answer): expected a string or number`},
		{"missing file", "math", "absent.jsonl", nil, "dataset x: testdata/absent.jsonl: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("x", &lang.Dataset{Format: tt.format, Path: tt.path, Fields: tt.fields}, "testdata")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
