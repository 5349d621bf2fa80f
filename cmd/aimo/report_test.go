package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/runner/cache"
)

// runWithReport runs aimo in-process like Main, with the report command
// registered even before app.go lists it.
func runWithReport(args ...string) (code int, stdout, stderr string) {
	var out, errw bytes.Buffer
	app := newApp(&out, &errw)
	if findCommand(app.Commands, "report") == nil {
		cmd := reportCommand()
		setUsageHandler(cmd)
		app.Commands = append(app.Commands, cmd)
	}
	err := app.Run(reorder(app, append([]string{"aimo"}, args...)))
	if err == nil {
		return exitOK, out.String(), errw.String()
	}
	fmt.Fprintln(&errw, "aimo:", err)
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode(), out.String(), errw.String()
	}
	return exitFailed, out.String(), errw.String()
}

// reportFixture copies experiments/ into a temporary directory, adds a
// quickstart variant that votes with one sample (accuracy 0.90 instead of
// 0.95), and runs the quickstart into a cache there.
func reportFixture(t *testing.T) (dir, cachePath string) {
	dir = t.TempDir()
	exp := filepath.Join(dir, "experiments")
	if err := os.CopyFS(exp, os.DirFS("../../experiments")); err != nil {
		t.Fatal(err)
	}
	variant := "(import 'quickstart.jsonnet') + { voting: { method: ['majority'], k: [1], early_stop: [0] } }\n"
	if err := os.WriteFile(filepath.Join(exp, "one-sample.jsonnet"), []byte(variant), 0o644); err != nil {
		t.Fatal(err)
	}
	cachePath = filepath.Join(dir, "c.db")
	if code, _, stderr := runWithReport("run", filepath.Join(exp, "quickstart.jsonnet"), "--cache", cachePath, "-q"); code != 0 {
		t.Fatalf("aimo run exited %d: %s", code, stderr)
	}
	return dir, cachePath
}

// allCorrect rewrites a results.json as if its selected configuration had
// solved every problem.
func allCorrect(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, sp := range doc["selected"].(map[string]any)["splits"].([]any) {
		for _, o := range sp.(map[string]any)["outcomes"].([]any) {
			o.(map[string]any)["correct"] = true
		}
	}
	b, _ = json.Marshal(doc)
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReportCommand(t *testing.T) {
	dir, c := reportFixture(t)
	quick, oneSample := filepath.Join(dir, "experiments", "quickstart.jsonnet"), filepath.Join(dir, "experiments", "one-sample.jsonnet")
	out, base := filepath.Join(dir, "out"), filepath.Join(dir, "out", "results.json")
	empty := filepath.Join(dir, "empty.db")
	s, err := cache.Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, tc := range []struct {
		name    string
		args    []string
		prepare func(t *testing.T)
		code    int
		stdout  string
		stderr  string
	}{
		{name: "writes every file", args: []string{"report", quick, "--cache", c, "--out", out}, code: 0, stdout: "quickstart: wrote 16 files to"},
		{name: "baseline equal passes", args: []string{"report", quick, "--cache", c, "--out", out, "--check", base}, code: 0,
			stdout: "no significant regression: accuracy on math100 (selection set) went from 0.950 (qwen2.5-math / score_weighted@8) to 0.950"},
		{name: "much better baseline fails with 3", args: []string{"report", oneSample, "--cache", c, "--out", filepath.Join(dir, "k1"), "--check", filepath.Join(dir, "perfect.json")},
			prepare: func(t *testing.T) { allCorrect(t, base, filepath.Join(dir, "perfect.json")) }, code: 3,
			stderr: "aimo: regression: accuracy on math100 (selection set) went from 1.000 (qwen2.5-math / score_weighted@8) to 0.900 (qwen2.5-math / majority@1) over 100 shared problems: 10 lost, 0 gained, McNemar exact p=0.002 (alpha 0.05)\n"},
		{name: "missing generations fail", args: []string{"report", quick, "--cache", empty, "--out", filepath.Join(dir, "none")}, code: 1,
			stderr: "aimo: 800 of 800 generations are not in the cache " + empty + ": run `aimo run " + quick + "` first, or pass --partial to use what is there\n"},
		{name: "partial reports what is there", args: []string{"report", quick, "--cache", empty, "--partial", "--out", filepath.Join(dir, "partial")}, code: 0, stdout: "wrote 1"},
		{name: "another experiment's baseline is bad usage, nothing written", args: []string{"report", quick, "--cache", c, "--out", filepath.Join(dir, "other"), "--check", filepath.Join(dir, "other.json")},
			prepare: func(t *testing.T) {
				must(t, os.WriteFile(filepath.Join(dir, "other.json"), []byte(`{"schema": "aimo.results/v1", "selected": {"cell": "c", "setting": "majority@1", "splits": [{"role": "selection", "set": "gsm8k200", "outcomes": [{"id": "a", "correct": true}]}]}}`), 0o644))
				t.Cleanup(func() {
					if _, err := os.Stat(filepath.Join(dir, "other")); err == nil {
						t.Error("report --check wrote the report before finding the baseline cannot be compared")
					}
				})
			}, code: 2,
			stderr: "--check " + filepath.Join(dir, "other.json") + ": this report has no outcomes on gsm8k200, the baseline's selection set"},
		{name: "bad baseline is an error", args: []string{"report", quick, "--cache", c, "--out", out, "--check", filepath.Join(dir, "nope.json")}, code: 2, stderr: "--check: " + filepath.Join(dir, "nope.json") + ": no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.prepare != nil {
				tc.prepare(t)
			}
			code, stdout, stderr := runWithReport(tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			if !strings.Contains(stdout, tc.stdout) {
				t.Errorf("stdout %q lacks %q", stdout, tc.stdout)
			}
			if tc.code == 3 && stderr != tc.stderr || tc.code != 3 && !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr %q, want %q", stderr, tc.stderr)
			}
		})
	}
	md, err := os.ReadFile(filepath.Join(dir, "partial", "report.md"))
	if err != nil || !strings.Contains(string(md), "**Partial report:** 800 of 800 samples are missing") {
		t.Errorf("partial report.md does not say what is missing (%v):\n%.400s", err, md)
	}
}
