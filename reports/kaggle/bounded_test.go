package kaggle

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/internal/answer"
)

// boundedRow asks testdata/bounded.py to grade values as the notebook does.
type boundedRow struct {
	Values    []string `json:"values"`
	Fallbacks []string `json:"fallbacks"`
	Lo        int64    `json:"lo"`
	Hi        int64    `json:"hi"`
	Modulus   int64    `json:"modulus"`
}

type boundedResult struct {
	Results []struct {
		Answer  *string `json:"answer"`
		Integer *int64  `json:"integer"`
		Direct  *int64  `json:"direct"` // the value itself as an integer
	} `json:"results"`
	CPUms float64 `json:"cpu_ms"`
}

// pythonWorstCase is the processor time the notebook's Python may spend on one
// answer (extraction and integer parsing, the best of three runs).
const pythonWorstCase = 50.0

// runBounded runs bounded.py on rows, killing it after limit so that a grader
// that stalls fails the test instead of hanging it.
func runBounded(t *testing.T, rows []boundedRow, limit time.Duration) []boundedResult {
	py := needPython(t)
	dir := t.TempDir()
	mod, err := Module(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	modPath := filepath.Join(dir, ModuleName)
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	rowsPath := filepath.Join(dir, "rows.jsonl")
	if os.WriteFile(modPath, []byte(mod), 0o644) != nil || os.WriteFile(rowsPath, in.Bytes(), 0o644) != nil {
		t.Fatal("cannot write the module or the rows")
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "bounded.py"), modPath, rowsPath)
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("python3 bounded.py still running after %v: the notebook's grader stalls", limit)
	}
	if err != nil {
		t.Fatalf("python3 bounded.py: %v\n%s", err, stderr.String())
	}
	var out []boundedResult
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r boundedResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if len(out) != len(rows) {
		t.Fatalf("python printed %d results for %d rows", len(out), len(rows))
	}
	return out
}

// goGrade is what aimo's Go grader gives the notebook's extraction and range.
func goGrade(r boundedRow, value string) (string, string) {
	a, ok := answer.Extract(value, answer.Options{Fallbacks: r.Fallbacks})
	if !ok {
		return "", ""
	}
	n, ok := answer.Range{Lo: r.Lo, Hi: r.Hi, Modulus: r.Modulus}.Parse(a)
	if !ok {
		return a, ""
	}
	return a, strconv.FormatInt(n, 10)
}

func pyGrade(r boundedResult, i int) (string, string) {
	a, n := "", ""
	if r.Results[i].Answer != nil {
		a = *r.Results[i].Answer
	}
	if r.Results[i].Integer != nil {
		n = strconv.FormatInt(*r.Results[i].Integer, 10)
	}
	return a, n
}

// TestNotebookGradingIsBounded: the limits of internal/answer hold in the
// notebook's Python, with the same answers: a stalling number, an unclosed
// box repeated, a power past floats, each graded alike and quickly.
func TestNotebookGradingIsBounded(t *testing.T) {
	lastMath := append([]string{"last_math"}, answer.DefaultFallbacks...)
	cases := []struct {
		name, text string
		fallbacks  []string
		answer     string // "" for none
		integer    string // modulo 1000; "" for none
	}{
		{"binomial with k = 10^10", `\boxed{\binom{10^{18}}{10^{10}}}`, nil, `\binom{10^{18}}{10^{10}}`, ""},
		{"binomial exactly", `\boxed{\binom{100}{50}}`, nil, `\binom{100}{50}`, "256"},
		{"power past 4096", `\boxed{2^{5000}}`, nil, `2^{5000}`, "376"},
		{"power tower", `\boxed{(10^{4096})^{4096}}`, nil, `(10^{4096})^{4096}`, ""},
		{"factorial past MaxBits", `\boxed{20000!}`, nil, `20000!`, ""},
		{"largest factorial", `\boxed{3210!}`, nil, `3210!`, "0"},
		{"double factorial", `\boxed{4046 \cdot 4045!!}`, nil, `4046 \cdot 4045!!`, "250"},
		{"exact root", `\boxed{\sqrt{(10^{20}+1)^2}}`, nil, `\sqrt{(10^{20}+1)^2}`, "1"},
		{"root that is not exact", `\boxed{\sqrt{10^{30}+1}}`, nil, `\sqrt{10^{30}+1}`, ""},
		{"floor of a large fraction", `\boxed{\lfloor \frac{10^{30}}{7} \rfloor}`, nil, `\lfloor \frac{10^{30}}{7} \rfloor`, "857"},
		{"floor past float precision", `\boxed{\lfloor 10^{20}\sqrt{2} \rfloor}`, nil, `\lfloor 10^{20}\sqrt{2} \rfloor`, ""},
		{"deep nesting", `\boxed{` + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200) + "}", nil,
			strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200), ""},
		{"long chain", `\boxed{` + strings.Repeat("1+", 300) + "1}", nil, strings.Repeat("1+", 300) + "1", ""},
		{"literal past floats", `\boxed{1` + strings.Repeat("0", 400) + "+7}", nil, "1" + strings.Repeat("0", 400) + "+7", "7"},
		{"100k unclosed boxes", strings.Repeat(`\boxed{`, 100_000), nil, "", ""},
		{"unclosed boxes after the answer", `\boxed{7}` + strings.Repeat(` \boxed{`, answer.MaxBoxes-1), nil, "7", "7"},
		{"more unclosed boxes than examined", `\boxed{x}` + strings.Repeat(` \boxed{`, answer.MaxBoxes), nil, "", ""},
		{"deep nesting in a box", `\boxed{` + strings.Repeat("{", 100_000) + strings.Repeat("}", 100_000) + "}", nil, "", ""},
		{"fallbacks read the end", "the answer is 5. " + strings.Repeat("so ", answer.FallbackWindow/3+1), nil, "", ""},
		{"answer is, in capitals", "THE ANSWER IS 12", nil, "12", "12"},
		{"unclosed display math", strings.Repeat(`\[ $x$ `, 50_000), lastMath, "x", ""},
		{"escaped dollars", "$" + strings.Repeat(`\$`, 300_000) + " 5", lastMath, "5", "5"},
	}
	var rows []boundedRow
	for _, c := range cases {
		fb := c.fallbacks
		if fb == nil {
			fb = answer.DefaultFallbacks
		}
		rows = append(rows, boundedRow{Values: []string{c.text}, Fallbacks: fb, Hi: 999, Modulus: 1000})
	}
	for i, c := range cases {
		if a, n := goGrade(rows[i], c.text); a != c.answer || n != c.integer {
			t.Errorf("%s: go grades %q, %q; want %q, %q", c.name, short(a), n, short(c.answer), c.integer)
		}
	}
	for i, r := range runBounded(t, rows, 60*time.Second) {
		c := cases[i]
		if a, n := pyGrade(r, 0); a != c.answer || n != c.integer {
			t.Errorf("%s: python grades %q, %q; want %q, %q", c.name, short(a), n, short(c.answer), c.integer)
		}
		if r.CPUms > pythonWorstCase {
			t.Errorf("%s: python took %.1f ms, want under %.0f", c.name, r.CPUms, pythonWorstCase)
		}
	}
}

func short(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// TestNotebookHostileCorpus runs the notebook's grading on every input of
// internal/answer's fuzz seed corpus: each under pythonWorstCase of processor
// time, and graded as Go grades it.
func TestNotebookHostileCorpus(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "internal", "answer", "testdata", "fuzz", "Fuzz*", "*"))
	if len(paths) == 0 {
		t.Fatal("no seed corpus in internal/answer/testdata/fuzz")
	}
	all := []string{"final_answer", "gsm8k", "answer_colon", "program_output", "last_math", "last_number"}
	var rows []boundedRow
	for _, p := range paths {
		values := readCorpus(t, p)
		rows = append(rows, boundedRow{Values: values, Fallbacks: answer.DefaultFallbacks, Hi: 999, Modulus: 1000},
			boundedRow{Values: values, Fallbacks: all, Lo: 0, Hi: 99999})
	}
	worst, worstPath := 0.0, ""
	for i, r := range runBounded(t, rows, 5*time.Minute) {
		p := paths[i/2]
		for j, v := range rows[i].Values {
			ga, gn := goGrade(rows[i], v)
			if pa, pn := pyGrade(r, j); pa != ga || pn != gn {
				t.Errorf("%s value %d: python grades %q, %q; go %q, %q", p, j, short(pa), pn, short(ga), gn)
			}
			gd, gok := answer.Range{Lo: rows[i].Lo, Hi: rows[i].Hi, Modulus: rows[i].Modulus}.Parse(v)
			if pd := r.Results[j].Direct; (pd != nil) != gok || gok && *pd != gd {
				t.Errorf("%s value %d as an integer: python %v, go %d %v", p, j, pd, gd, gok)
			}
		}
		if r.CPUms > worst {
			worst, worstPath = r.CPUms, p
		}
		if r.CPUms > pythonWorstCase {
			t.Errorf("%s: python took %.1f ms, want under %.0f", p, r.CPUms, pythonWorstCase)
		}
	}
	t.Logf("worst case of %d corpus inputs in python: %.1f ms of processor time (%s)", len(paths), worst, worstPath)
}

// readCorpus parses a go test -fuzz corpus file of string values.
func readCorpus(t *testing.T, path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if lines[0] != "go test fuzz v1" {
		t.Fatalf("%s is not a fuzz corpus file", path)
	}
	var out []string
	for _, l := range lines[1:] {
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(l, "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, s)
	}
	return out
}

// TestNotebookMatchesGoOnRandomTexts grades texts assembled at random from the
// pieces the scanners look for (boxes, braces, math delimiters, numbers,
// answer phrases) in Go and in the notebook's Python, which must agree.
func TestNotebookMatchesGoOnRandomTexts(t *testing.T) {
	all := []string{"final_answer", "gsm8k", "answer_colon", "program_output", "last_math", "last_number"}
	values := randomTexts(3000, 30, `\boxed{`, `\boxed `, `\fbox{`, "{", "}", `\{`, `\}`, "$", "$$", `\[`, `\]`, `\(`, `\)`, `\`,
		"1", "23", "-", ".", "/", ",", " ", "\n", "x", "answer is ", "ANSWER IS:", "#### ", "A: ", "```output\n", "```",
		`\frac`, `\sqrt`, "^", "!", `\binom{10}{3}`, "and ")
	spans := randomTexts(3000, 20, "$", "$$", `\`, `\[`, `\]`, `\(`, `\)`, "x", " ", "{", "}", "answer is ")
	rows := []boundedRow{{Values: values, Fallbacks: answer.DefaultFallbacks, Hi: 999, Modulus: 1000},
		{Values: values, Fallbacks: all, Hi: 99999}, {Values: spans, Fallbacks: []string{"final_answer", "last_math"}, Hi: 99999}}
	for i, res := range runBounded(t, rows, 2*time.Minute) {
		for j, v := range rows[i].Values {
			ga, gn := goGrade(rows[i], v)
			if pa, pn := pyGrade(res, j); pa != ga || pn != gn {
				t.Errorf("%q: python grades %q, %q; go %q, %q", v, pa, pn, ga, gn)
			}
		}
	}
}

// randomTexts joins up to maxLen pieces drawn from pieces, n times, with a fixed seed.
func randomTexts(n, maxLen int, pieces ...string) []string {
	r := rand.New(rand.NewPCG(3, 4))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range r.IntN(maxLen + 1) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		out[i] = b.String()
	}
	return out
}
