package kaggle

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// smokeProblems are the AIMO3 reference problems' recorded generations when
// ../shared/data is present, else the shipped Qwen2.5-Math replay data.
func smokeProblems(t *testing.T) []recorded {
	if a := aimo3Sources(t); a != nil {
		return a[aimo3Runs[0]]
	}
	return replaySources(t)["qwen25math"][:20]
}

// TestNotebookSmoke runs the exported notebook's code cells under python3
// with stand-in vllm, polars and kaggle_evaluation modules that return
// recorded completions, and checks every problem gets an integer answer in
// range within the time policy. It needs neither aimo's Python environment
// nor ../shared/data; TestNotebookUnderRealGateway runs the real gateway.
func TestNotebookSmoke(t *testing.T) {
	py := needPython(t)
	probs := smokeProblems(t)
	dir := t.TempDir()
	cfg := testConfig()
	cfg.Time = Time{TotalS: 0.25 * float64(len(probs)), Problems: len(probs), ReserveS: 0.1, LowS: 0.05, HighS: 0.3, GraceS: 1}
	cfg.LocalTestCSV = filepath.Join(dir, "test.csv")
	script := notebookScript(t, cfg)
	writeSmokeInputs(t, dir, probs)
	cmd := exec.Command(py, "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONPATH="+mustAbs(t, "testdata/stubs/engine")+string(os.PathListSeparator)+mustAbs(t, "testdata/stubs/gateway"),
		"AIMO_STUB_RECORDED="+filepath.Join(dir, "recorded.jsonl"), "AIMO_STUB_SCALE=0.002",
		"AIMO_LOG="+filepath.Join(dir, "log.jsonl"), "AIMO_STUB_OUT="+filepath.Join(dir, "submission.csv"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("notebook failed: %v\n%s", err, out)
	}
	answers := readSubmission(t, filepath.Join(dir, "submission.csv"))
	for _, p := range probs {
		a, ok := answers[p.ID]
		if !ok {
			t.Errorf("%s: no answer", p.ID)
			continue
		}
		if a < 0 || a > 99999 {
			t.Errorf("%s: answer %d out of 0-99999", p.ID, a)
		}
	}
	checkTimeLog(t, filepath.Join(dir, "log.jsonl"), cfg.Time, len(probs))
}

// notebookScript joins the notebook's code cells, as Kaggle runs them.
func notebookScript(t *testing.T, cfg *Config) string {
	nb, err := Notebook(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		NBFormat int `json:"nbformat"`
		Cells    []struct {
			CellType string   `json:"cell_type"`
			Source   []string `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(nb, &doc); err != nil || doc.NBFormat != 4 {
		t.Fatalf("notebook is not nbformat 4 JSON: %v", err)
	}
	var b strings.Builder
	for _, c := range doc.Cells {
		if c.CellType == "code" {
			b.WriteString(strings.Join(c.Source, "") + "\n")
		}
	}
	return b.String()
}

func writeSmokeInputs(t *testing.T, dir string, probs []recorded) {
	f, err := os.Create(filepath.Join(dir, "test.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"id", "problem"})
	var rec strings.Builder
	enc := json.NewEncoder(&rec)
	for _, p := range probs {
		w.Write([]string{p.ID, p.Problem})
		enc.Encode(map[string]any{"problem": p.Problem, "texts": p.Texts, "times": p.TimeS})
	}
	w.Flush()
	if err := f.Close(); err != nil || w.Error() != nil {
		t.Fatal(err, w.Error())
	}
	if err := os.WriteFile(filepath.Join(dir, "recorded.jsonl"), []byte(rec.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readSubmission(t *testing.T, path string) map[string]int64 {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range rows[1:] {
		n, err := strconv.ParseInt(r[1], 10, 64)
		if err != nil {
			t.Fatalf("answer %q of %s is not an integer", r[1], r[0])
		}
		if _, dup := out[r[0]]; dup {
			t.Errorf("%s answered twice", r[0])
		}
		out[r[0]] = n
	}
	return out
}

// checkTimeLog requires every allowance to follow the clamp and every
// problem to stop within its allowance (plus one engine step of slack).
func checkTimeLog(t *testing.T, path string, tm Time, n int) {
	type entry struct {
		ID         string  `json:"id"`
		AllowanceS float64 `json:"allowance_s"`
		ElapsedS   float64 `json:"elapsed_s"`
		Stopped    string  `json:"stopped"`
	}
	var log []entry
	for _, e := range testkit.ReadJSONL[entry](t, path) {
		if e.ID != "" {
			log = append(log, e)
		}
	}
	if len(log) != n {
		t.Fatalf("%d problems logged, want %d", len(log), n)
	}
	stops := map[string]int{}
	for _, e := range log {
		stops[e.Stopped]++
		if e.AllowanceS > tm.HighS+1e-9 || e.AllowanceS <= 0 {
			t.Errorf("%s: allowance %.3fs outside (0, %g]", e.ID, e.AllowanceS, tm.HighS)
		}
		if e.ElapsedS > e.AllowanceS+0.1 {
			t.Errorf("%s: took %.3fs with an allowance of %.3fs", e.ID, e.ElapsedS, e.AllowanceS)
		}
	}
	t.Logf("%d problems; how they ended: %v", n, stops)
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestNotebookKeepsTheMargin: the notebook's clock starts at its first cell,
// so a slow model load is paid for, and it plans for the limit less the
// margin: no problem is allowed a second past total_s − margin_s, and every
// problem ends by then (plus one engine step).
func TestNotebookKeepsTheMargin(t *testing.T) {
	py := needPython(t)
	probs := replaySources(t)["qwen25math"][:12]
	dir := t.TempDir()
	cfg := testConfig()
	cfg.Time = Time{TotalS: 3, MarginS: 1.2, Problems: len(probs), LowS: 0.05, HighS: 5, GraceS: 0.5}
	cfg.LocalTestCSV = filepath.Join(dir, "test.csv")
	writeSmokeInputs(t, dir, probs)
	cmd := exec.Command(py, "-c", notebookScript(t, cfg))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONPATH="+mustAbs(t, "testdata/stubs/engine")+string(os.PathListSeparator)+mustAbs(t, "testdata/stubs/gateway"),
		"AIMO_STUB_RECORDED="+filepath.Join(dir, "recorded.jsonl"), "AIMO_STUB_SCALE=0.05", "AIMO_STUB_LOAD_S=0.8",
		"AIMO_LOG="+filepath.Join(dir, "log.jsonl"), "AIMO_STUB_OUT="+filepath.Join(dir, "submission.csv"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("notebook failed: %v\n%s", err, out)
	}
	type entry struct {
		ID         string  `json:"id"`
		Event      string  `json:"event"`
		Since      float64 `json:"since_start_s"`
		AllowanceS float64 `json:"allowance_s"`
		ElapsedS   float64 `json:"elapsed_s"`
	}
	plan := cfg.Time.TotalS - cfg.Time.MarginS
	used, answered := 0.0, 0
	for _, e := range testkit.ReadJSONL[entry](t, filepath.Join(dir, "log.jsonl")) {
		if e.Event == "loaded" {
			if e.Since < 0.8 {
				t.Errorf("the model loaded %.2fs after the notebook started; the load alone takes 0.8s", e.Since)
			}
			used = e.Since
			continue
		}
		answered++
		if e.AllowanceS > plan-used+1e-6 {
			t.Errorf("%s: allowed %.2fs with %.2fs of the %.1fs plan used", e.ID, e.AllowanceS, used, plan)
		}
		used += e.ElapsedS
	}
	if answered != len(probs) || used > plan+0.1 {
		t.Errorf("%d of %d problems answered, %.2fs used of a %.1fs plan", answered, len(probs), used, plan)
	}
	if len(readSubmission(t, filepath.Join(dir, "submission.csv"))) != len(probs) {
		t.Error("not every problem was answered")
	}
}
