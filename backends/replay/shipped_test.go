package replay_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/replay"
)

// repoFile finds a path relative to the directory holding go.mod.
func repoFile(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// rows decodes a JSONL file independently of the package under test.
func rows[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var row T
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
	return out
}

var qwenFields = replay.Fields{ProblemID: "idx", ProblemText: "question", Text: "code", Score: "score"}

func TestShippedQwenReplaysEightSamplesPerProblem(t *testing.T) {
	path := repoFile(t, "experiments/data/qwen25math/math_cot_100.jsonl")
	r, err := replay.Open(replay.Source{Path: path, Fields: qwenFields})
	if err != nil {
		t.Fatal(err)
	}
	want := rows[struct {
		Idx      int      `json:"idx"`
		Question string   `json:"question"`
		Code     []string `json:"code"`
		Score    []bool   `json:"score"`
	}](t, path)
	if r.Problems() != 100 || len(want) != 100 {
		t.Fatalf("%d problems replayed, %d in file; want 100", r.Problems(), len(want))
	}
	for _, row := range want {
		got, err := r.Generate(context.Background(), backends.Request{ProblemID: strconv.Itoa(row.Idx), N: 8})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range got {
			if c.Text != row.Code[i] || c.Score == nil || (*c.Score == 1) != row.Score[i] {
				t.Fatalf("problem %d sample %d: text or score differs from the file", row.Idx, i)
			}
		}
	}
	// Lookup by text ignores whitespace differences, and a split request gets
	// the later samples.
	q := "  " + strings.ReplaceAll(want[3].Question, " ", "\n ") + " "
	got, err := r.Generate(context.Background(), backends.Request{ProblemText: q, N: 3, FirstSample: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Text != want[3].Code[5] || got[2].Text != want[3].Code[7] {
		t.Errorf("samples 5..7 by text do not match the file")
	}
}

func TestShippedGSM8KReplaysFourSolutionsPerProblem(t *testing.T) {
	variants := []string{"6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"}
	var text, score []string
	for _, v := range variants {
		text, score = append(text, v+".solution"), append(score, v+".is_correct")
	}
	path := repoFile(t, "experiments/data/gsm8k/example_model_solutions.jsonl")
	r, err := replay.Open(replay.Source{Path: path, Format: "jsonl", Fields: replay.Fields{
		ProblemText: "question", Text: strings.Join(text, ","), Score: strings.Join(score, ","),
	}})
	if err != nil {
		t.Fatal(err)
	}
	type solution struct {
		Solution  string `json:"solution"`
		IsCorrect bool   `json:"is_correct"`
	}
	solutions := rows[map[string]json.RawMessage](t, path)
	problems := rows[struct{ Question string }](t, repoFile(t, "experiments/data/gsm8k/test.jsonl"))
	if r.Problems() != 200 || len(problems) != 200 {
		t.Fatalf("%d problems replayed, %d in test.jsonl; want 200", r.Problems(), len(problems))
	}
	for i, p := range problems {
		got, err := r.Generate(context.Background(), backends.Request{ProblemText: p.Question, N: 4})
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range variants {
			var s solution
			if err := json.Unmarshal(solutions[i][v], &s); err != nil {
				t.Fatal(err)
			}
			if got[j].Text != s.Solution || (*got[j].Score == 1) != s.IsCorrect {
				t.Fatalf("problem %d sample %d (%s): text or score differs from the file", i, j, v)
			}
		}
	}
}
