package dataset

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

// jsonlOf writes rows as JSONL text.
func jsonlOf(t *testing.T, rows ...map[string]any) string {
	t.Helper()
	var b strings.Builder
	for _, r := range rows {
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestIntegerFilter(t *testing.T) {
	aimo12 := lang.Dataset{Format: "jsonl", Answers: "integer", Modulus: 1000}
	aimo3 := lang.Dataset{Format: "jsonl", Answers: "integer", AnswerRange: []int64{0, 99999}}
	tests := []struct {
		name   string
		d      lang.Dataset
		answer string
		want   string // the kept gold answer, or the drop reason
	}{
		{"fraction that is an integer", aimo3, `\frac{10}{5}`, "2"},
		{"thousands separator", aimo3, "1,000", "1000"},
		{"trailing zero decimal", aimo3, "3.0", "3"},
		{"fraction that is not an integer", aimo3, `\frac32`, DropNonInteger},
		{"decimal", aimo3, "1.5", DropNonInteger},
		{"expression", aimo3, `2\sqrt{2}`, DropNonInteger},
		{"aimo3 upper bound kept", aimo3, "99999", "99999"},
		{"aimo3 above range", aimo3, "100000", DropOutOfRange},
		{"aimo3 negative", aimo3, "-3", DropOutOfRange},
		{"mod 1000 reduces", aimo12, "2024", "24"},
		{"mod 1000 gives a non-negative residue", aimo12, "-1", "999"},
		{"mod 1000 keeps small answers", aimo12, "52", "52"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := jsonlOf(t, map[string]any{"problem": "p", "answer": tt.answer})
			s, err := Read("x", &tt.d, strings.NewReader(src), "x.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(s.Problems) == 1 {
				got = s.Problems[0].Answer
			}
			for reason := range s.Report.Dropped {
				got = reason
			}
			if got != tt.want {
				t.Errorf("answer %q: got %q, want %q", tt.answer, got, tt.want)
			}
		})
	}
}

func TestFiltersAndLimit(t *testing.T) {
	var rows []map[string]any
	for i, subj := range []string{"Algebra", "Geometry", "algebra", "Algebra", "Algebra", "Algebra"} {
		rows = append(rows, map[string]any{"problem": "problem " + string(rune('a'+i)), "answer": "1", "subject": subj, "level": i%3 + 1})
	}
	d := lang.Dataset{Format: "jsonl", Levels: []int{1, 2}, Subjects: []string{"Algebra"}, Limit: 2}
	s, err := Read("x", &d, strings.NewReader(jsonlOf(t, rows...)), "x.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	// Rows 1..6 have levels 1,2,3,1,2,3: row 2 is Geometry, rows 3 and 6 are level 3,
	// rows 1 and 4 fill the limit, row 5 is cut by it.
	if got := brief(s.Problems); got != "x/1=1 [Algebra 1]; x/4=1 [Algebra 1]; " {
		t.Errorf("kept %s", got)
	}
	want := map[string]int{DropSubject: 1, DropLevel: 2, DropLimit: 1}
	for reason, n := range want {
		if s.Report.Dropped[reason] != n {
			t.Errorf("dropped %s = %d, want %d (report %v)", reason, s.Report.Dropped[reason], n, s.Report.Dropped)
		}
	}
}
