package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// tourNeed is what a tour command needs beyond a fresh clone, and so when
// TestREADMETour runs it.
type tourNeed int

const (
	tourPlain   tourNeed = iota
	tourPython           // aimo's Python environment (seconds): skipped with -short
	tourMinutes          // trains on CPU for minutes: run with AIMO_TOUR=full (just tour)
	tourSlurm            // a Slurm cluster: run with AIMO_TOUR=full where one answers
	tourServer           // a model server the reader runs: never run here
)

// tourSpecial lists the tour commands that need more than a fresh clone, or
// whose output depends on the machine (compared lines 0: exit code only).
// Every other command is run always and its first tourLines lines compared.
var tourSpecial = []struct {
	prefix string
	need   tourNeed
	lines  int
	// from skips the lines before the first that starts with it (a
	// machine-dependent header).
	from string
	// mask is written N in the output: counts that depend on which
	// commands ran before (AIMO_TOUR=full runs more).
	mask *regexp.Regexp
}{
	{"aimo run experiments/lora-tiny.jsonnet", tourMinutes, 1, "", nil},
	{"aimo train experiments/lora-tiny.jsonnet", tourMinutes, 1, "", nil},
	{"aimo run experiments/slurm-tiny.jsonnet", tourSlurm, 1, "", nil},
	{"aimo jobs experiments/slurm-tiny.jsonnet", tourSlurm, 0, "", nil},
	{"aimo run experiments/tir.jsonnet --tla-str base_url=", tourServer, 0, "", nil},
	{"aimo model tiny", tourPython, 3, "", nil},
	{"aimo doctor", tourPython, 0, "", nil},
	{"aimo sandbox", tourPython, 4, "--- cell", nil},
	{"aimo diff", tourPlain, 6, "", nil},
	{"aimo cache stats", tourPlain, 3, "", regexp.MustCompile(`\d+ generations`)},
}

const tourLines = 3

var tourComment = regexp.MustCompile(`\s+#\s.*$`)

// tourCommands reads the commands between README.md's tour markers.
func tourCommands(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	start, end := strings.Index(s, "<!-- tour:"), strings.Index(s, "<!-- /tour -->")
	if start < 0 || end < start {
		t.Fatal("README.md has no <!-- tour: ... --> ... <!-- /tour --> fence around its tour")
	}
	var cmds []string
	for _, line := range strings.Split(s[start:end], "\n") {
		if strings.HasPrefix(line, "aimo ") {
			cmds = append(cmds, strings.TrimSpace(tourComment.ReplaceAllString(line, "")))
		}
	}
	if len(cmds) < 10 {
		t.Fatalf("found %d commands in README.md's tour; the fence is misplaced", len(cmds))
	}
	return cmds
}

// tourOutput says which of a tour command's output lines are compared.
type tourOutput struct {
	lines int
	from  string
	mask  *regexp.Regexp
}

// tourSkip says why cmd is not run in this test run ("" to run it) and which
// of its lines to compare.
func tourSkip(cmd string) (reason string, out tourOutput) {
	need, out := tourPlain, tourOutput{lines: tourLines}
	for _, s := range tourSpecial {
		if strings.HasPrefix(cmd, s.prefix) {
			need, out = s.need, tourOutput{s.lines, s.from, s.mask}
			break
		}
	}
	full := os.Getenv("AIMO_TOUR") == "full"
	switch {
	case need == tourServer:
		return "needs the reader's model server (base_url); never run here", out
	case need == tourSlurm && !full:
		return "needs a Slurm cluster: run with AIMO_TOUR=full (just tour)", out
	case need == tourSlurm && !onPath("sinfo"):
		return "needs a Slurm cluster, and sinfo is not on PATH (sudo .ci/slurm-up.sh starts one)", out
	case need == tourMinutes && !full:
		return "trains on CPU for minutes (TestTrainAndServeTiny covers it): run with AIMO_TOUR=full (just tour)", out
	case need == tourPython && testing.Short():
		return "needs aimo's Python environment: skipped with -short", out
	}
	return "", out
}

// TestREADMETour runs README.md's tour top to bottom, in process, in a
// fresh folder holding a copy of experiments/ (as a clone has), and checks
// each command's exit code and first lines of output against
// testdata/tour.golden. Commands that need a server, a cluster or minutes of
// training are skipped, saying so; -update rewrites the blocks of the
// commands that ran.
func TestREADMETour(t *testing.T) {
	cmds := tourCommands(t)
	golden, err := filepath.Abs(filepath.Join("testdata", "tour.golden"))
	if err != nil {
		t.Fatal(err)
	}
	want := readTourGolden(t, golden)
	root := testkit.RepoRoot(t)
	work := t.TempDir()
	if err := os.CopyFS(filepath.Join(work, "experiments"), os.DirFS(filepath.Join(root, "experiments"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(work, ".aimo"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	t.Setenv("AIMO_CACHE", "")
	got := map[string]string{}
	for i, cmd := range cmds {
		t.Run(fmt.Sprintf("%02d", i+1), func(t *testing.T) {
			reason, out := tourSkip(cmd)
			if reason != "" {
				t.Skipf("%s: %s", cmd, reason)
			}
			block := runTourCommand(t, cmd, work, out)
			got[cmd] = block
			w, ok := want[cmd]
			switch {
			case *update:
			case !ok || strings.HasPrefix(w, "not run"):
				if !strings.Contains(block, "\nexit 0\n") {
					t.Errorf("%s has no golden block and failed:\n%s", cmd, block)
				}
				t.Logf("%s has no golden block (go test -run TestREADMETour -update adds it):\n%s", cmd, block)
			case w != block:
				t.Errorf("README tour command differs from %s (go test -run TestREADMETour -update rewrites it)\n--- want\n%s--- got\n%s", golden, w, block)
			}
		})
	}
	if *update {
		writeTourGolden(t, golden, cmds, want, got)
		return
	}
	for cmd := range want {
		if !contains(cmds, cmd) {
			t.Errorf("%s holds %q, which README.md's tour no longer has (-update drops it)", golden, cmd)
		}
	}
}

func onPath(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	megabytes = regexp.MustCompile(`\d+\.\d MB`)
	digits    = regexp.MustCompile(`\d+`)
)

// runTourCommand runs cmd through Main and returns its golden block: the
// command, its exit code, its first lines of stdout (from the first that
// starts with from, when it is set), and on failure the
// first line of stderr, with the work folder's path written $WORK.
func runTourCommand(t *testing.T, cmd, work string, want tourOutput) string {
	t.Helper()
	var args []string
	for _, a := range strings.Fields(cmd) {
		if strings.Contains(a, "*") {
			matches, _ := filepath.Glob(a)
			args = append(args, matches...)
			continue
		}
		args = append(args, a)
	}
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	var b strings.Builder
	fmt.Fprintf(&b, "$ %s\nexit %d\n", cmd, code)
	clean := func(s string) string {
		s = strings.ReplaceAll(s, work, "$WORK")
		if want.mask != nil {
			s = want.mask.ReplaceAllStringFunc(s, func(m string) string { return digits.ReplaceAllString(m, "N") })
		}
		return strings.TrimRight(megabytes.ReplaceAllString(s, "N MB"), " \t")
	}
	out := strings.Split(stdout.String(), "\n")
	for want.from != "" && len(out) > 0 && !strings.HasPrefix(out[0], want.from) {
		out = out[1:]
	}
	for i := 0; i < want.lines && i < len(out) && !(i == len(out)-1 && out[i] == ""); i++ {
		fmt.Fprintln(&b, strings.TrimRight("| "+clean(out[i]), " "))
	}
	if code != 0 {
		first, _, _ := strings.Cut(stderr.String(), "\n")
		fmt.Fprintf(&b, "! %s\n", clean(first))
	}
	return b.String()
}

// readTourGolden reads the golden file's blocks by command.
func readTourGolden(t *testing.T, path string) map[string]string {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) && *update {
		return map[string]string{}
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, block := range strings.Split(string(b), "\n\n") {
		if cmd, ok := strings.CutPrefix(block, "$ "); ok {
			cmd, _, _ = strings.Cut(cmd, "\n")
			out[cmd] = strings.TrimRight(block, "\n") + "\n"
		}
	}
	return out
}

// writeTourGolden writes a block per tour command, in tour order: what ran
// now, else the block it had, else a line saying it was never run here.
func writeTourGolden(t *testing.T, path string, cmds []string, old, got map[string]string) {
	var b strings.Builder
	b.WriteString("# README.md's tour as TestREADMETour runs it: each command, its exit code, its first lines of\n" +
		"# stdout (|) and, on failure, of stderr (!). Rewrite with go test ./cmd/aimo -run TestREADMETour -update.\n")
	for _, cmd := range cmds {
		block, ok := got[cmd]
		if !ok {
			block, ok = old[cmd]
		}
		if !ok {
			reason, _ := tourSkip(cmd)
			block = fmt.Sprintf("$ %s\nnot run here: %s\n", cmd, reason)
		}
		b.WriteString("\n" + block)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFreshMachineNotes pins what README.md tells a user on a fresh
// machine: that the first go run compiles SQLite silently, how to get
// `just` where Debian has none, and that every Justfile recipe is a
// documented plain command they can run without it.
func TestFreshMachineNotes(t *testing.T) {
	root := testkit.RepoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"compiles SQLite and prints nothing", "cargo install just", "npm install -g rust-just", "runnable without it"} {
		if !bytes.Contains(readme, []byte(want)) {
			t.Errorf("README.md does not say %q", want)
		}
	}
	just, err := os.ReadFile(filepath.Join(root, "Justfile"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(just), "\n")
	recipe := regexp.MustCompile(`^([a-z][a-z-]*):`)
	for i, line := range lines {
		m := recipe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if i == 0 || !strings.HasPrefix(lines[i-1], "#") {
			t.Errorf("Justfile recipe %s has no comment saying what it does", m[1])
		}
		for _, body := range lines[i+1:] {
			if !strings.HasPrefix(body, "    ") {
				break
			}
			if strings.Contains(body, "{{") {
				t.Errorf("Justfile recipe %s uses just's interpolation, so it is not a plain command: %s", m[1], strings.TrimSpace(body))
			}
			// go test passes -update to every package it tests, and a test
			// binary without the flag fails: "flag provided but not defined".
			if strings.Contains(body, "./... -update") {
				t.Errorf("Justfile recipe %s passes -update to every package; most do not define it: %s", m[1], strings.TrimSpace(body))
			}
		}
	}
}
