package slurm

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

func TestJobErrorQuotesTheEndOfTheLog(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "job.log")
	var b strings.Builder
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	b.WriteString("loading 10%\rloading 100%\nTraceback: out of memory\n")
	if err := os.WriteFile(log, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	task := Task{ID: "12_1", State: "FAILED", ExitCode: 3, Node: "gpu-7"}
	got := Failure("training lora-r8", task, log).Error()
	got = strings.ReplaceAll(got, dir, "DIR")
	empty := Failure("model tiny, replica 1", Task{ID: "13_0", State: "CANCELLED", Signal: 9}, filepath.Join(dir, "none.log")).Error()
	got += "\n" + strings.ReplaceAll(empty, dir, "DIR") + "\n"
	testkit.Golden(t, "testdata/job_error.golden", []byte(got), *update)
}
