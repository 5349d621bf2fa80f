package answer

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// hostileTexts are model outputs built to stall a grader or exhaust its memory,
// one for each way found to do so. Each must be graded within the limits of
// limits.go. They are the seed corpus of FuzzExtract (testdata/fuzz/FuzzExtract,
// rewritten by -update); the texts are 2-30 times the limits they probe.
var hostileTexts = []struct{ name, text string }{
	{"unclosed_boxes_100k", strings.Repeat(`\boxed{`, 100_000)},
	{"unclosed_boxes_after_answer", `\boxed{7}` + strings.Repeat(` \boxed{`, MaxBoxes-1)},
	{"deep_nesting_in_box", `\boxed{` + strings.Repeat("{", 100_000) + strings.Repeat("}", 100_000) + "}"},
	{"deep_parentheses", `\boxed{` + strings.Repeat("(", 500) + "1" + strings.Repeat(")", 500) + "}"},
	{"deep_roots", `\boxed{` + strings.Repeat(`\sqrt{`, 150) + "2" + strings.Repeat("}", 150) + "}"},
	{"long_sum", `\boxed{` + strings.Repeat("1+", 400) + "1}"},
	{"sign_chain", `\boxed{` + strings.Repeat("-", 1000) + "1}"},
	{"function_chain", `\boxed{` + strings.Repeat(`\sin`, 200) + " 1}"},
	{"nested_floors", `\boxed{` + strings.Repeat(`\lfloor `, 40) + `\sqrt{2}` + strings.Repeat(` \rfloor`, 40) + "}"},
	{"binomial_huge_k", `\boxed{\binom{10^{18}}{10^{10}}}`},
	{"binomial_large_k", `\boxed{\binom{10^{18}}{10^{6}}}`},
	{"binomial_largest_k", `\boxed{\binom{4000}{1000}}`},
	{"factorial_huge", `\boxed{20000!}`},
	{"factorial_largest", `\boxed{3210!}`},
	{"double_factorial_largest", `\boxed{5910!!}`},
	{"power_tower", `\boxed{(10^{4096})^{4096}}`},
	{"power_huge_exponent", `\boxed{2^{10^{18}}}`},
	{"power_exponent_tower", `\boxed{10^{10^{10^{10}}}}`},
	{"power_of_one", `\boxed{1^{10^{18}}}`},
	{"root_of_big_power", `\boxed{\sqrt[64]{2^{32000}}}`},
	{"big_fractions", `\boxed{` + bigFractions + `}`},
	{"boxes_joined_100k", strings.Repeat(`\boxed{1}, `, 100_000)},
	{"huge_box", `\boxed{` + strings.Repeat("x", 64<<10) + "}"},
	{"backslashes", strings.Repeat(`\\`, 32<<10)},
	{"unclosed_display_math", strings.Repeat(`\[ $x$ `, 10_000)},
	{"escaped_dollars", "$" + strings.Repeat(`\$`, 32<<10)},
	{"fractions_run", strings.Repeat("1/1/", 16<<10)},
	{"answer_is_repeated", strings.Repeat("answer is ", 8<<10)},
	{"answer_is_math", "the answer is " + strings.Repeat("$1$", 24<<10)},
	{"gsm8k_marks", strings.Repeat("#", 64<<10)},
	{"program_outputs", strings.Repeat("```output\n1```", 6<<10)},
}

// bigFractions adds fractions whose terms fill MaxBits.
const bigFractions = `\frac{2^{32000}+1}{3^{20000}+7}+\frac{5^{13000}+1}{7^{11000}+3}+\frac{2^{32000}+1}{3^{20000}+7}`

// hostilePairs are (gold, prediction) pairs built to stall Equal or to make it
// call different numbers equal: the seed corpus of FuzzEqual.
var hostilePairs = []struct{ name, gold, pred string }{
	{"powers_overflowing_floats", `2^{5000}`, `3^{5000}`},
	{"powers_of_ten", `10^{400}`, `10^{500}`},
	{"plain_integers_past_floats", "1" + strings.Repeat("0", 400), "1" + strings.Repeat("0", 500)},
	{"integers_one_apart", "1000000", "1000001"},
	{"binomial_huge_k", `\binom{10^{18}}{10^{10}}`, "1"},
	{"power_tower", `(10^{4096})^{4096}`, `(10^{4096})^{4097}`},
	{"factorials", `20000!`, `20001!`},
	{"beyond_max_bits", `2^{40000}`, `4^{20000}`},
	{"irrational_overflow", `2^{5000}\pi`, `3^{5000}\pi`},
	{"infinity_against_overflow", `\infty`, `2^{5000}`},
	{"equations_overflowing", `2x + 2^{5000} = 0`, `2x + 3^{5000} = 0`},
	{"nested_sets", nestedSets(10, "1"), nestedSets(10, "2")},
	{"long_sets", `\{` + strings.Repeat("x+1,", 900) + `1\}`, `\{` + strings.Repeat("x+2,", 900) + `1\}`},
	{"deep_parentheses", strings.Repeat("(", 2000) + "1" + strings.Repeat(")", 2000), "2"},
	{"deep_braces", strings.Repeat("{", 2000) + "1" + strings.Repeat("}", 2000), "2"},
	{"big_fractions", bigFractions, bigFractions + "+1"},
	{"longer_than_input_limit", strings.Repeat("1+", 3000) + "1", strings.Repeat("1+", 3000) + "2"},
	{"thousands_separators", strings.Repeat("123 ", 1000) + "1234", "1"},
	{"unclosed_matrices", strings.Repeat(`\begin{pmatrix}1 & `, 200), "1"},
}

// nestedSets writes \{\{...\{x, 0\}...\}, \{...\}\}: a set of two sets, depth deep,
// whose comparison doubles at every level.
func nestedSets(depth int, x string) string {
	s := `\{` + x + `, 0\}`
	for i := 0; i < depth; i++ {
		s = `\{` + s + ", " + strings.ReplaceAll(s, x, "3") + `\}`
	}
	return s
}

// corpusFile is a seed corpus file in the format of go test -fuzz.
func corpusFile(values ...string) string {
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range values {
		fmt.Fprintf(&b, "string(%q)\n", v)
	}
	return b.String()
}

// TestFuzzCorpus keeps testdata/fuzz in step with the tables above (-update
// writes it), so the fuzz targets start from every hostile case.
func TestFuzzCorpus(t *testing.T) {
	files := map[string]string{}
	for _, c := range hostileTexts {
		files[filepath.Join("FuzzExtract", c.name)] = corpusFile(c.text)
	}
	for _, c := range hostilePairs {
		files[filepath.Join("FuzzEqual", c.name)] = corpusFile(c.gold, c.pred)
	}
	for name, want := range files {
		path := filepath.Join("testdata", "fuzz", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("%s is missing or stale; run go test ./internal/answer -run FuzzCorpus -update", path)
		}
	}
}

// readCorpus parses a corpus file written by corpusFile.
func readCorpus(t testing.TB, path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
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

// allFallbacks declares every extractor, so a hostile text meets all of them.
var allFallbacks = Options{Fallbacks: []string{FallbackFinalAnswer, FallbackGSM8K, FallbackAnswerColon,
	FallbackProgramOutput, FallbackLastMath, FallbackLastNumber}}

// gradeEverything runs every path a text or answer takes through the grader.
func gradeEverything(values []string) {
	if len(values) == 1 {
		a, _ := Extract(values[0], allFallbacks)
		Grade("1", values[0], Options{})
		Range{Hi: 999, Modulus: 1000}.Parse(a)
		Canonical(a)
		return
	}
	Equal(values[0], values[1])
	for _, v := range values {
		Canonical(v)
		Range{Hi: 999, Modulus: 1000}.Parse(v)
	}
}

// worstCaseLimit is the processor time one hostile input may take, all grading
// paths together (the best of three runs).
const worstCaseLimit = 50 * time.Millisecond

func TestHostileCorpusWorstCase(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "Fuzz*", "*"))
	if len(paths) == 0 {
		t.Fatal("no seed corpus in testdata/fuzz")
	}
	worst, worstName := time.Duration(0), ""
	for _, p := range paths {
		values := readCorpus(t, p)
		best := time.Hour
		for i := 0; i < 3; i++ {
			start := cpuTime()
			gradeEverything(values)
			best = min(best, cpuTime()-start)
		}
		if best > worst {
			worst, worstName = best, p
		}
		if best > worstCaseLimit {
			t.Errorf("%s: %v, want under %v", p, best, worstCaseLimit)
		}
	}
	t.Logf("worst case of %d corpus inputs: %v of processor time (%s)", len(paths), worst, worstName)
}
