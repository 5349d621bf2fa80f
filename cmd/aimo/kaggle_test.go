package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends/pyenv"

	"github.com/urfave/cli/v2"
)

// runKaggleApp runs aimo with the simulate, export and submit commands
// added, and returns the exit code and output.
func runKaggleApp(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	app := newApp(&stdout, &stderr)
	for _, cmd := range []func() *cli.Command{simulateCommand, exportCommand, submitCommand} {
		c := cmd()
		if findCommand(app.Commands, c.Name) == nil {
			setUsageHandler(c)
			app.Commands = append(app.Commands, c)
		}
	}
	code := exitOK
	if err := app.Run(reorder(app, append([]string{"aimo"}, args...))); err != nil {
		stderr.WriteString("aimo: " + err.Error() + "\n")
		code = exitFailed
		if ec, ok := err.(exitCoder); ok {
			code = ec.ExitCode()
		}
	}
	return code, stdout.String() + stderr.String()
}

// TestKaggleFlow goes from the quickstart sweep to a simulation, an exported
// notebook and a submission file, all from the cache.
func TestKaggleFlow(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join("..", "..", "experiments", "quickstart.jsonnet")
	db := filepath.Join(dir, "cache.db")
	if code, out := runKaggleApp(t, "simulate", exp, "--cache", db); code != exitUsage || !strings.Contains(out, "no cache at") {
		t.Fatalf("simulate without a cache: exit %d, %s", code, out)
	}
	if code, out := runKaggleApp(t, "run", exp, "--cache", db, "--quiet"); code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, out)
	}
	code, out := runKaggleApp(t, "simulate", exp, "--cache", db, "--runs", "50", "--json")
	if code != exitOK {
		t.Fatalf("simulate: exit %d\n%s", code, out)
	}
	var rep struct {
		Config struct {
			StartupS float64 `json:"startup_s"`
			MarginS  float64 `json:"margin_s"`
		} `json:"config"`
		Pool     int `json:"pool"`
		Policies []struct {
			Rank  int `json:"rank"`
			Score struct {
				Mean float64 `json:"mean"`
			} `json:"score"`
		} `json:"policies"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Pool != 100 || len(rep.Policies) == 0 {
		t.Fatalf("simulate --json: %v, pool %d\n%s", err, rep.Pool, out)
	}
	if rep.Config.StartupS <= 0 || rep.Config.MarginS != 600 {
		t.Errorf("simulated with a %gs model load and a %gs margin; neither may default to nothing", rep.Config.StartupS, rep.Config.MarginS)
	}
	kdir := filepath.Join(dir, "kaggle")
	if code, out := runKaggleApp(t, "export", "kaggle", exp, "--cache", db, "--out", kdir); code != exitUsage || strings.Count(out, "\n") != 1 {
		t.Fatalf("export of score_weighted: exit %d, want 2 and a one-line reason\n%s", code, out)
	}
	if _, err := os.Stat(kdir); err == nil {
		t.Fatal("a refused export wrote files")
	}
	if code, out := runKaggleApp(t, "export", "kaggle", exp, "--cache", db, "--out", kdir, "--setting", "majority@4 stop3"); code != exitOK {
		t.Fatalf("export: exit %d\n%s", code, out)
	}
	var cfg struct {
		Setting string `json:"setting"`
		Voting  struct {
			Method    string `json:"method"`
			Attempts  int    `json:"attempts"`
			EarlyStop int    `json:"early_stop"`
		} `json:"voting"`
	}
	for _, name := range []string{"notebook.ipynb", "aimo_submission.py", "config.json", "kernel-metadata.json"} {
		b, err := os.ReadFile(filepath.Join(kdir, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".ipynb") {
			if !json.Valid(b) {
				t.Errorf("%s is not valid JSON", name)
			}
		}
		if name == "config.json" {
			json.Unmarshal(b, &cfg)
		}
	}
	if v := cfg.Voting; cfg.Setting != "majority@4 stop3" || v.Method != "majority" || v.Attempts != 4 || v.EarlyStop != 3 {
		t.Errorf("exported %q as %+v; the notebook must run the selected setting", cfg.Setting, v)
	}
	sub := filepath.Join(dir, "submission.csv")
	if code, out := runKaggleApp(t, "submit", exp, "--cache", db, "--dataset", "math100", "--format", "csv", "--out", sub); code != exitOK {
		t.Fatalf("submit: exit %d\n%s", code, out)
	} else if !strings.Contains(out, "with no answer in 0-99999 got the fallback 0") || !strings.Contains(out, "note: math100 does not have integer answers") {
		// math100's answers are free-form (\frac{1}{2}): a submission of
		// integers must say why so many problems got the fallback.
		t.Errorf("submit does not say its fallbacks cover non-integer answers:\n%s", out)
	}
	checkSubmission(t, sub, 100)
	checkParquet(t, exp, db, dir)
}

// checkParquet writes submission.parquet, the default, and reads it back
// with polars as the gateway's submission is read.
func checkParquet(t *testing.T, exp, db, dir string) {
	py, err := pyenv.Python()
	if err != nil {
		t.Skipf("submission.parquet is written with aimo's Python environment: %v", err)
	}
	sub := filepath.Join(dir, "submission.parquet")
	if code, out := runKaggleApp(t, "submit", exp, "--cache", db, "--dataset", "math100", "--out", sub); code != exitOK {
		t.Fatalf("submit: exit %d\n%s", code, out)
	}
	out, err := exec.Command(py, "-c", `import sys, polars as pl
df = pl.read_parquet(sys.argv[1])
print(df.columns, df.schema["id"], df.schema["answer"], df.height, df["answer"].min() >= 0, df["answer"].max() <= 99999, df["id"].n_unique())`, sub).CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != "['id', 'answer'] String Int64 100 True True 100" {
		t.Errorf("submission.parquet as polars reads it: %v %s", err, got)
	}
}

func checkSubmission(t *testing.T, path string, n int) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 || rows[0][0] != "id" || rows[0][1] != "answer" {
		t.Fatalf("submission has %d rows, header %v", len(rows), rows[0])
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		v, err := strconv.ParseInt(r[1], 10, 64)
		if err != nil || v < 0 || v > 99999 || seen[r[0]] {
			t.Errorf("bad row %v", r)
		}
		seen[r[0]] = true
	}
}

// TestChosenReadsOnlyItsCell: simulate, export and submit evaluate the
// sweep streaming, as aimo eval does, and then read the rows of the chosen
// cell on the selection set alone, not every row of the sweep.
func TestChosenReadsOnlyItsCell(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join("..", "..", "experiments", "gsm8k-ensemble.jsonnet")
	db := filepath.Join(dir, "cache.db")
	if code, out := runKaggleApp(t, "run", exp, "--cache", db, "--quiet"); code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, out)
	}
	for _, cell := range []string{"", "gpt3-6b_verification"} {
		var ch *chosen
		choose := simulateCommand()
		choose.Action = func(c *cli.Context) (err error) {
			ch, err = chooseFromCache(c)
			return err
		}
		var stdout, stderr bytes.Buffer
		app := newApp(&stdout, &stderr)
		app.Commands = []*cli.Command{choose}
		args := []string{"aimo", "simulate", exp, "--cache", db}
		if cell != "" {
			args = append(args, "--cell", cell)
		}
		if err := app.Run(reorder(app, args)); err != nil {
			t.Fatalf("choose %q: %v\n%s", cell, err, stderr.String())
		}
		want := cell
		if want == "" {
			want = ch.res.Selection.Winner.Cell
		}
		if name := ch.sw.Plan.Cells[ch.cell].Name; name != want {
			t.Errorf("chose %s, want %s", name, want)
		}
		if len(ch.samples) != len(ch.set.Problems) {
			t.Errorf("read %d items for %s; want its %d problems on %s", len(ch.samples), want, len(ch.set.Problems), ch.set.Name)
		}
		for _, is := range ch.samples {
			if is.Item.Cell != ch.cell || is.Item.Set != ch.set.Name || is.Missing() > 0 {
				t.Fatalf("read cell %d on %s (%d missing); want only cell %d on %s, all there", is.Item.Cell, is.Item.Set, is.Missing(), ch.cell, ch.set.Name)
			}
		}
	}
}
