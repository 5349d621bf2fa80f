package budget

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestAIMO3Distribution simulates the recorded gpt-oss runs under two
// policies: the public notebooks' 8 attempts stopping at 4 within
// clamp(left − 300 × remaining, 300, 900), and a hurried 4 attempts without
// early stop capped at 60 s, which loses every attempt slower than a minute.
func TestAIMO3Distribution(t *testing.T) {
	dir := aimo3Dir(t)
	runs := []string{"local_gpt-oss-120b_20260111", "local_gpt-oss-120b_20260111_171355", "local_gpt-oss-20b_20260111_004206"}
	cfg := Config{Runs: 2000, Seed: 1, Attempts: []int{8, 4}, EarlyStop: []int{4, 0},
		LowS: []float64{60, 300}, HighS: []float64{60, 900}, ReserveS: []float64{300}}
	want := map[string]bool{"8x stop4 clamp(300,900) reserve300": true, "4x no stop clamp(60,60) reserve300": true}
	for _, run := range runs {
		problems := aimo3Problems(t, filepath.Join(dir, run+".jsonl"))
		rep, err := Simulate(problems, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := rep.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s\n%s", run, buf.String())
		got := map[string]PolicyResult{}
		for _, p := range rep.Policies {
			if want[p.Name] {
				got[p.Name] = p
			}
		}
		slow, fast := got["8x stop4 clamp(300,900) reserve300"], got["4x no stop clamp(60,60) reserve300"]
		for name, p := range got {
			t.Logf("%s | %s: score %.2f [p5 %.1f, p50 %.1f, p95 %.1f], private %.2f [p5 %.1f, p95 %.1f], %.2f h, short %.1f%%",
				run, name, p.Score.Mean, p.Score.P5, p.Score.P50, p.Score.P95, p.Private.Mean, p.Private.P5, p.Private.P95, p.TimeS.Mean/3600, 100*p.Short)
		}
		if !slow.Fits || !fast.Fits {
			t.Errorf("%s: both policies should fit five hours of %d problems (8x: short %.3f, 4x: short %.3f)", run, cfg.Problems, slow.Short, fast.Short)
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
