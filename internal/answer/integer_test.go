package answer

import (
	"bytes"
	"strings"
	"testing"
)

func TestInteger(t *testing.T) {
	cases := []struct {
		name, in string
		want     int64
		ok       bool
	}{
		{"plain", "42", 42, true},
		{"negative", "-7", -7, true},
		{"thousands", "1,000", 1000, true},
		{"trailing zero decimal", "3.0", 3, true},
		{"fraction that divides", `\frac{10}{5}`, 2, true},
		{"fraction that does not", `\frac32`, 0, false},
		{"decimal", "1.5", 0, false},
		{"arithmetic", `3 \times 4`, 12, true},
		{"power", "2^{10}", 1024, true},
		{"perfect square root", `\sqrt{16}`, 4, true},
		{"irrational root", `\sqrt{2}`, 0, false},
		{"boxed wrapper", `$\boxed{17}$`, 0, false},
		{"text", `\text{hi}`, 0, false},
		{"variable", "x+1", 0, false},
		{"division by zero", `\frac{1}{0}`, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Integer(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("Integer(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestRange(t *testing.T) {
	aimo3 := Range{Lo: 0, Hi: 99999}
	aimo2 := Range{Lo: 0, Hi: 999, Modulus: 1000}
	cases := []struct {
		name string
		r    Range
		in   string
		want int64
		ok   bool
	}{
		{"aimo3 in range", aimo3, "99999", 99999, true},
		{"aimo3 too large", aimo3, "100000", 100000, false},
		{"aimo3 negative", aimo3, "-1", -1, false},
		{"aimo2 reduces", aimo2, "2024", 24, true},
		{"aimo2 negative residue", aimo2, "-5", 995, true},
		{"aimo2 huge exact", aimo2, `4046 \cdot (4045)!!`, 250, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.r.Parse(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("Parse(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestCanonical(t *testing.T) {
	groups := [][]string{
		{"0.5", `\frac12`, "1/2", `\dfrac{1}{2}`},
		{"1000", "1,000", "1000.0", "$1000$"},
		{`\sqrt{2}`, `\sqrt2`},
		{"-3", "-3.0"},
	}
	for _, g := range groups {
		for _, s := range g[1:] {
			if Canonical(s) != Canonical(g[0]) {
				t.Errorf("Canonical(%q) = %q, Canonical(%q) = %q; want the same key", s, Canonical(s), g[0], Canonical(g[0]))
			}
		}
	}
	if Canonical("1/2") == Canonical("1/3") {
		t.Error("1/2 and 1/3 share a key")
	}
}

func TestGrade(t *testing.T) {
	r := Grade(`So the answer is $\boxed{\frac{1}{2}}$.`, `We compute... therefore \boxed{0.5}`, Options{})
	if !r.Equal || r.Extracted != "0.5" || r.GoldNormalized != `\frac{1}{2}` || !r.HasAnswer {
		t.Errorf("full-text grade = %+v", r)
	}
	if r := Grade("18", "18", Options{}); !r.Equal || r.Extracted != "18" {
		t.Errorf("bare grade = %+v", r)
	}
	if r := Grade("18", "I am not sure what to say about this at all", Options{}); r.HasAnswer || r.Equal {
		t.Errorf("answerless prose = %+v", r)
	}
}

func TestGradeJSONL(t *testing.T) {
	in := `{"id":"b","gold":"1/2","prediction":"the answer is \\boxed{0.5}"}
{"prediction":"7","gold":7}
`
	var out bytes.Buffer
	if err := GradeJSONL(strings.NewReader(in), &out, Options{}); err != nil {
		t.Fatal(err)
	}
	want := `{"id":"b","gold":"1/2","prediction":"the answer is \\boxed{0.5}","extracted":"0.5","gold_normalized":"1/2","equal":true}
{"prediction":"7","gold":7,"extracted":"7","gold_normalized":"7","equal":true}
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	err := GradeJSONL(strings.NewReader("{\"gold\":\"1\",\"prediction\":\"1\"}\n{oops\n"), &bytes.Buffer{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("malformed row error = %v, want one naming line 2", err)
	}
}
