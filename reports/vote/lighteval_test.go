package vote

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
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
	ExpectedOutput map[string]float64 `json:"expected_output"`
	Tolerance      float64            `json:"tolerance"`
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
		if err := json.Unmarshal(raw, &suite); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, tc := range suite.TestCases {
			t.Run(tc.Name, func(t *testing.T) {
				got := computeFixture(t, tc)
				if !slices.Equal(sortedKeys(got), sortedKeys(tc.ExpectedOutput)) {
					t.Fatalf("computed metrics %v, fixture expects %v", sortedKeys(got), sortedKeys(tc.ExpectedOutput))
				}
				for name, want := range tc.ExpectedOutput {
					if math.Abs(got[name]-want) > tc.Tolerance {
						t.Errorf("%s = %g, want %g ± %g", name, got[name], want, tc.Tolerance)
					}
					checked++
				}
			})
		}
	}
	if checked < 50 {
		t.Errorf("checked only %d expected values; fixtures missing?", checked)
	}
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

// mathVerifyRejects lists bare symbolic answers that lighteval's grader
// (Math-Verify, with expression and LaTeX extraction) scores wrong even against
// an identical gold: the fixtures expect 0 at every threshold for the two cases
// built from them, which only a zero verdict gives. Grading belongs to the
// answer package; here the grader's verdict is an input to the metric.
var mathVerifyRejects = map[string]bool{"x^2/2": true, "n(n+1)/2": true}

// verdict stands in for the grader: exact match after trimming, and for math
// metrics also numeric equality of integers, decimals and fractions (so 0.75
// equals 3/4, as Math-Verify says).
func verdict(gold, pred string, isMath bool) bool {
	gold = strings.TrimSpace(gold)
	if !isMath {
		return pred == gold
	}
	if mathVerifyRejects[pred] {
		return false
	}
	g, okG := new(big.Rat).SetString(gold)
	p, okP := new(big.Rat).SetString(pred)
	if okG && okP {
		return g.Cmp(p) == 0
	}
	return pred == gold
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

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
