package vote

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/reports/stats"
)

// fixtureCase is one test case of lighteval's tests/unit/metrics/test_cases/*.json
// (copied verbatim to ../shared/data/grader_tests/metric_fixtures_lighteval).
type fixtureCase struct {
	Name         string `json:"name"`
	MetricClass  string `json:"metric_class"`
	MetricParams struct {
		K          int       `json:"k"`
		N          int       `json:"n"`
		Thresholds []float64 `json:"thresholds"`
	} `json:"metric_params"`
	Doc struct {
		Choices   []string        `json:"choices"`
		GoldIndex json.RawMessage `json:"gold_index"`
	} `json:"doc"`
	ModelResponse struct {
		Text []string `json:"text"`
	} `json:"model_response"`
	// ExpectedOutput keeps each value as written: a value printed with two
	// decimals is a truncation (see within).
	ExpectedOutput map[string]json.Number `json:"expected_output"`
}

func TestLightevalMetricFixtures(t *testing.T) {
	dir := testkit.SharedData(t, filepath.Join("grader_tests", "metric_fixtures_lighteval"))
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s (%v)", dir, err)
	}
	checked := 0
	for _, file := range files {
		var suite struct {
			TestCases []fixtureCase `json:"test_cases"`
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&suite); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, tc := range suite.TestCases {
			t.Run(tc.Name, func(t *testing.T) {
				got := computeFixture(t, tc)
				if !slices.Equal(sortedKeys(got), sortedKeys(tc.ExpectedOutput)) {
					t.Fatalf("computed metrics %v, fixture expects %v", sortedKeys(got), sortedKeys(tc.ExpectedOutput))
				}
				for name, want := range tc.ExpectedOutput {
					if !within(got[name], want) {
						t.Errorf("%s = %.17g, want %s (to 1e-9, or its first two decimals where the fixture prints two)", name, got[name], want)
					}
					checked++
				}
			})
		}
	}
	if checked < 79 {
		t.Errorf("checked only %d expected values, want all 79; fixtures missing?", checked)
	}
}

// exactTolerance is the agreement required of every value the fixtures
// print in full.
const exactTolerance = 1e-9

// within compares a computed value with a fixture's. Every value agrees to
// 1e-9 except two: pass_at_k "Multiple Attempts" and pass_at_k_math
// "Multiple Attempts" print pass@2 of 3 samples with one right as 0.66, the
// exact 1 − C(2, 2)/C(3, 2) = 2/3 cut to two decimals (lighteval's own test
// accepts it with a 0.01 tolerance). A value printed with exactly two
// decimals is therefore read as a truncation: the computed value must have
// those two decimals.
func within(got float64, want json.Number) bool {
	w, err := want.Float64()
	if err != nil {
		return false
	}
	if math.Abs(got-w) <= exactTolerance {
		return true
	}
	s := want.String()
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 == 2 {
		return math.Floor(got*100+exactTolerance) == math.Round(w*100)
	}
	return false
}

// computeFixture computes every metric a fixture case names.
func computeFixture(t *testing.T, tc fixtureCase) map[string]float64 {
	gold := tc.Doc.Choices[goldIndex(t, tc.Doc.GoldIndex)]
	isMath := strings.HasSuffix(tc.MetricClass, "_math")
	samples := make([]Sample, len(tc.ModelResponse.Text))
	correct := make([]bool, len(samples))
	for i, text := range tc.ModelResponse.Text {
		key := strings.TrimSpace(text)
		samples[i] = Sample{Index: i, Answer: text, Key: key, Valid: key != ""}
		correct[i] = verdict(gold, key, isMath)
	}
	k, n := tc.MetricParams.K, tc.MetricParams.N
	if n == 0 {
		n = len(samples)
	}
	c := 0
	for _, ok := range correct[:n] {
		if ok {
			c++
		}
	}
	out := map[string]float64{}
	switch tc.MetricClass {
	case "maj_at_k":
		res, err := Vote("majority", samples[:k], Options{})
		if err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("maj@k:k=%d", k)] = b2f(res.Key == strings.TrimSpace(gold))
	case "pass_at_k", "pass_at_k_math":
		out[fmt.Sprintf("pass@k:k=%d&n=%d", k, n)] = stats.PassAtK(n, c, k)
	case "avg_at_k_math":
		out[fmt.Sprintf("avg@k:k=%d", k)] = AvgAtK(correct, k)
	case "g_pass_at_k_math":
		for _, tau := range tc.MetricParams.Thresholds {
			out[fmt.Sprintf("math_g-pass@%d_%s", k, pyFloat(tau))] = stats.GPassAtK(n, c, k, tau)
		}
		out[fmt.Sprintf("mmath_g-pass@%d", k)] = stats.MGPassAtK(n, c, k)
	default:
		t.Fatalf("unknown metric class %q", tc.MetricClass)
	}
	return out
}

// verdict stands in for the grader lighteval's metrics use. The plain
// metrics (maj_at_k, pass_at_k) compare trimmed strings exactly. The *_math
// metrics grade with Math-Verify, extracting the gold with its
// ExprExtractionConfig alone (lighteval's metrics.py: gold_extraction_target
// =(ExprExtractionConfig(),)): a number, or an arithmetic expression that
// starts with a digit, found at the start of the text or after a space or
// '='. A gold such as "x^2/2" or "n(n+1)/2" starts with a letter, so nothing
// is extracted and Math-Verify scores every sample wrong; "2x" yields 2. The
// extracted numbers then compare by value, so 0.75 equals 3/4.
func verdict(gold, pred string, isMath bool) bool {
	gold = strings.TrimSpace(gold)
	if !isMath {
		return pred == gold
	}
	g, okG := exprNumber(gold)
	p, okP := exprNumber(pred)
	return okG && okP && g.Cmp(p) == 0
}

// exprNumber is the first number or digit-led quotient Math-Verify's
// expression extraction finds in s, as an exact rational.
var exprRe = regexp.MustCompile(`(?:^|[\s=])(-?\d+(?:\.\d+)?(?:\s*/\s*-?\d+(?:\.\d+)?)?)`)

func exprNumber(s string) (*big.Rat, bool) {
	m := exprRe.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	return new(big.Rat).SetString(strings.ReplaceAll(m[1], " ", ""))
}

// goldIndex accepts lighteval's gold_index as an integer or a list of them.
func goldIndex(t *testing.T, raw json.RawMessage) int {
	var i int
	if json.Unmarshal(raw, &i) == nil {
		return i
	}
	var list []int
	if err := json.Unmarshal(raw, &list); err != nil || len(list) == 0 {
		t.Fatalf("bad gold_index %s", raw)
	}
	return list[0]
}

// pyFloat formats like Python's str(float): 0.0, 0.25, 1.0.
func pyFloat(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
