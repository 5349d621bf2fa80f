package budget

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// gptOSS are the recorded AIMO3 runs of gpt-oss (8 attempts per problem).
var gptOSS = []string{"local_gpt-oss-120b_20260111", "local_gpt-oss-120b_20260111_171355", "local_gpt-oss-20b_20260111_004206"}

// TestAIMO3Distribution simulates each recorded gpt-oss run under the
// public notebooks' 8 attempts stopping at 4 within clamp(left − 300 ×
// remaining, 300, 900), and a hurried 4 attempts without early stop capped
// at 60 s, which loses every attempt slower than a minute.
func TestAIMO3Distribution(t *testing.T) {
	dir := aimo3Dir(t)
	cfg := Config{Runs: 2000, Seed: 1, Attempts: []int{8, 4}, EarlyStop: []int{4, 0}, StartupS: LoadEstimate(116.8, "mxfp4"),
		MarginS: DefaultMarginS, OverheadS: DefaultOverheadS, LowS: []float64{60, 300}, HighS: []float64{60, 900}, ReserveS: []float64{300}}
	for _, run := range gptOSS {
		rep, err := Simulate(aimo3Problems(t, filepath.Join(dir, run+".jsonl")), cfg)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		rep.WriteText(&buf)
		t.Logf("%s\n%s", run, buf.String())
		if c := rep.Curve; c.Single < 100 || c.Single > 400 || c.Slowdown > 0.2 || c.Aggregate(8) < 3*c.Single {
			t.Errorf("%s: fitted %s; a GPU should decode 8 sequences at several times one's speed", run, c.Source)
		}
		got := map[string]PolicyResult{}
		for _, p := range rep.Policies {
			got[p.Name] = p
		}
		slow, fast := got["8x stop4 clamp(300,900) reserve300"], got["4x no stop clamp(60,60) reserve300"]
		if !slow.Safe || !fast.Safe {
			t.Errorf("%s: both policies should be safe with a 600 s margin (8x: overrun %.3f, 4x: overrun %.3f)", run, slow.Overrun, fast.Overrun)
		}
		if fast.CutOff == 0 {
			t.Errorf("%s: a 60 s cap should cut off some attempts (the runs have attempts over 100 s)", run)
		}
		if slow.Score.Mean <= fast.Score.Mean {
			t.Errorf("%s: 8 attempts with time to finish should beat 4 hurried ones: %.2f vs %.2f", run, slow.Score.Mean, fast.Score.Mean)
		}
		if slow.Private.P5 > slow.Private.Mean || slow.Private.P95 < slow.Private.Mean {
			t.Errorf("%s: private percentiles %.1f-%.1f do not bracket the mean %.2f", run, slow.Private.P5, slow.Private.P95, slow.Private.Mean)
		}
	}
}

// TestAIMO3GptOSS120bInDocs simulates the two recorded gpt-oss-120b runs
// pooled (16 attempts per problem, so the private runs draw disjoint
// attempts): a 5-hour run with the default margin, then a 1-hour run, where
// time binds, with and without a margin. The reports are pinned and must
// appear, as they are, in docs/kaggle.md.
func TestAIMO3GptOSS120bInDocs(t *testing.T) {
	dir := aimo3Dir(t)
	problems := pooled(aimo3Problems(t, filepath.Join(dir, gptOSS[0]+".jsonl")), aimo3Problems(t, filepath.Join(dir, gptOSS[1]+".jsonl")))
	load := LoadEstimate(116.8, "mxfp4")
	configs := []Config{
		{Runs: 2000, Seed: 1, Attempts: []int{8, 4}, EarlyStop: []int{4, 0}, StartupS: load, MarginS: DefaultMarginS,
			OverheadS: DefaultOverheadS, LowS: []float64{300}, HighS: []float64{900}, ReserveS: []float64{300}},
		{Runs: 1000, Seed: 1, TotalS: 3600, Attempts: []int{8, 4}, EarlyStop: []int{4}, StartupS: load, MarginS: 120,
			OverheadS: DefaultOverheadS, LowS: []float64{30}, HighS: []float64{300}, ReserveS: []float64{60, 0}},
		{Runs: 1000, Seed: 1, TotalS: 3600, Attempts: []int{8, 4}, EarlyStop: []int{4}, StartupS: load, MarginS: 0,
			OverheadS: DefaultOverheadS, LowS: []float64{30}, HighS: []float64{300}, ReserveS: []float64{60, 0}},
	}
	var buf bytes.Buffer
	for _, cfg := range configs {
		rep, err := Simulate(problems, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
		buf.WriteString("\n")
		for _, p := range rep.Policies {
			if !p.Disjoint {
				t.Errorf("%s: 16 recorded attempts should give disjoint private runs", p.Name)
			}
		}
	}
	golden := filepath.Join("testdata", "aimo3_gpt_oss_120b.txt")
	testkit.Golden(t, golden, buf.Bytes(), *update)
	doc, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "docs", "kaggle.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), buf.String()) {
		t.Errorf("docs/kaggle.md does not quote %s as it is now", golden)
	}
}

// pooled joins two runs of the same problems into one pool of attempts.
func pooled(a, b []Problem) []Problem {
	byID := map[string]int{}
	out := append([]Problem(nil), a...)
	for i, p := range out {
		byID[p.ID] = i
		out[i].Attempts = append([]Attempt(nil), p.Attempts...)
	}
	for _, p := range b {
		i := byID[p.ID]
		out[i].Attempts = append(out[i].Attempts, p.Attempts...)
	}
	return out
}
