package eval

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// qwenRow is the part of a Qwen2.5-Math replay row the reference needs: the
// repository's own extracted answers and grader labels.
type qwenRow struct {
	Pred  []string `json:"pred"`
	Score []bool   `json:"score"`
}

// reference computes pass@1, maj@8 and pass@8 from the file's labels alone:
// maj@8 is the label of the most frequent repo-extracted answer (ties to the
// earliest sample, our rule).
func reference(t *testing.T, path string) (pass1, maj8, pass8 float64) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	n, samples := 0, 0
	for sc.Scan() {
		var r qwenRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		n++
		any := false
		for _, ok := range r.Score {
			samples++
			if ok {
				pass1++
				any = true
			}
		}
		if any {
			pass8++
		}
		if r.Score[majorityIndex(r.Pred)] {
			maj8++
		}
	}
	return pass1 / float64(samples), maj8 / float64(n), pass8 / float64(n)
}

func majorityIndex(pred []string) int {
	count := map[string]int{}
	best := 0
	for i, p := range pred {
		count[p]++
		if count[p] > count[pred[best]] {
			best = i
		}
	}
	return best
}

// Our grader and the Qwen repository's disagree on exactly one of the 800
// samples: problem 72 has gold "10{,}000" and a sample answering "10000",
// which the repository's grader marks wrong (it keeps the "{,}" thousands
// separator) and ours marks right. That sample is the only right one of its
// problem, so pass@1 is 1/800 and pass@8 1/100 above the labels, while maj@8
// is unchanged. The tolerances allow that one disagreement and no second one.
const (
	sampleTolerance  = 1.5 / 800
	problemTolerance = 1.5 / 100
)

func TestQuickstartMatchesTheRepositoryLabels(t *testing.T) {
	s := quickstart(t)
	r := s.evaluate(t)
	want1, wantMaj, want8 := reference(t, filepath.Join(testkit.RepoRoot(t), "experiments", "data", "qwen25math", "math_cot_100.jsonl"))
	pl := findPool(t, r, "math100")
	got1, got8 := pl.PassAtK[0], pl.PassAtK[7]
	gotMaj := findEntry(t, r, "math100", "majority@8").Accuracy
	t.Logf("pass@1 ours %.4f repo %.4f", got1, want1)
	t.Logf("maj@8  ours %.4f repo %.4f", gotMaj, wantMaj)
	t.Logf("pass@8 ours %.4f repo %.4f", got8, want8)
	for _, c := range []struct {
		name           string
		got, want, tol float64
	}{{"pass@1", got1, want1, sampleTolerance}, {"maj@8", gotMaj, wantMaj, problemTolerance}, {"pass@8", got8, want8, problemTolerance}} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.4f, repository labels give %.4f", c.name, c.got, c.want)
		}
	}
	if math.Abs(pl.MajAtK[7]-gotMaj) > 1e-12 {
		t.Errorf("maj@8 from the curve %.4f differs from the majority@8 entry %.4f", pl.MajAtK[7], gotMaj)
	}
}

func findPool(t *testing.T, r *Results, set string) *Pool {
	t.Helper()
	for i := range r.Pools {
		if r.Pools[i].Set == set {
			return &r.Pools[i]
		}
	}
	t.Fatalf("no pool on %s", set)
	return nil
}

func findEntry(t *testing.T, r *Results, set, setting string) *Entry {
	t.Helper()
	for i := range r.Grid {
		if r.Grid[i].Set == set && r.Grid[i].Setting == setting {
			return &r.Grid[i]
		}
	}
	t.Fatalf("no entry %s on %s", setting, set)
	return nil
}

// TestLogitNoteMarksTheEntriesThatReadScores: the quickstart's reward
// scores are logits. The footnote saying so belongs to the entries whose
// votes read the scores (score_weighted), not to majority or unanimous and
// not to the pool's k-curves, which count answers; and every footnote the
// leaderboard prints must be referenced by a row it prints.
func TestLogitNoteMarksTheEntriesThatReadScores(t *testing.T) {
	r := quickstart(t).evaluate(t)
	logit := 0
	for _, f := range r.Footnotes {
		if f.Code == CodeLogit {
			logit = f.N
		}
	}
	if logit == 0 {
		t.Fatal("no logit-scores footnote on the quickstart, whose reward scores are logits")
	}
	used := map[int]bool{}
	for _, e := range r.Grid {
		for _, n := range e.Notes {
			used[n] = true
		}
		marked := slices.Contains(e.Notes, logit)
		if reads := strings.HasPrefix(e.Setting, "score_weighted@"); marked != reads {
			t.Errorf("%s: logit note marked %v, want %v (only score_weighted reads the scores)", e.Setting, marked, reads)
		}
	}
	for _, p := range r.Pools {
		if slices.Contains(p.Notes, logit) {
			t.Errorf("pool %s/%s carries the logit note; its k-curves never read scores", p.Set, p.Cell)
		}
	}
	for _, f := range r.Footnotes {
		if !used[f.N] {
			t.Errorf("the leaderboard prints footnote [%d] %q, which no entry references", f.N, f.Text)
		}
	}
}

// TestPlanCountsTheSettingsEvaluated: aimo plan promises "N evaluations"
// before a run; the leaderboard must then have exactly N entries. The
// quickstart's grid has 3 methods x k {1, 4, 8} x stop {0, 3}, and stop3 at
// k=1 only repeats k=1, so 15, not 18; gsm8k-ensemble adds its 2 ensembles
// to 4 cells x 1 setting.
func TestPlanCountsTheSettingsEvaluated(t *testing.T) {
	gsm8k, err := runSweep(filepath.Join(testkit.RepoRoot(t), "experiments", "gsm8k-ensemble.jsonnet"), filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		s    *sweep
		want int
	}{{"quickstart", quickstart(t), 15}, {"gsm8k-ensemble", gsm8k, 6}} {
		r := tc.s.evaluate(t)
		if tc.s.plan.Evaluations != tc.want || len(r.Grid) != tc.want {
			t.Errorf("%s: plan says %d evaluations, the leaderboard has %d entries; want %d",
				tc.name, tc.s.plan.Evaluations, len(r.Grid), tc.want)
		}
	}
}
