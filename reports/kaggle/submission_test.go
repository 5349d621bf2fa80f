package kaggle

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends/pyenv"
)

func TestSubmissionNamesFirstBadID(t *testing.T) {
	ids := []string{"a", "b", "c"}
	tests := []struct {
		name   string
		rows   []Row
		badID  string
		reason string
	}{
		{"valid in any order", []Row{{"c", 3}, {"a", 0}, {"b", 99999}}, "", ""},
		{"answer above range", []Row{{"a", 1}, {"b", 100000}, {"c", -1}}, "b", "answer 100000 outside 0-99999"},
		{"negative answer", []Row{{"a", -1}}, "a", "answer -1 outside 0-99999"},
		{"duplicate id", []Row{{"a", 1}, {"b", 2}, {"a", 1}}, "a", "appears twice"},
		{"unknown id", []Row{{"a", 1}, {"z", 2}}, "z", "not a problem of the dataset"},
		{"missing id", []Row{{"a", 1}, {"c", 2}}, "b", "has no answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteCSV(&buf, tt.rows, ids, AIMO3)
			if tt.badID == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := buf.String(); got != "id,answer\nc,3\na,0\nb,99999\n" {
					t.Errorf("csv = %q", got)
				}
				return
			}
			var bad *BadRowError
			if !errors.As(err, &bad) || bad.ID != tt.badID || bad.Reason != tt.reason {
				t.Fatalf("error = %v, want id %q: %s", err, tt.badID, tt.reason)
			}
			if buf.Len() != 0 {
				t.Error("an invalid submission must write nothing")
			}
		})
	}
}

// TestWriteParquetAsTheGatewayDoes writes submission.parquet and reads it
// back with polars: columns id (string) and answer (int64), every row.
func TestWriteParquetAsTheGatewayDoes(t *testing.T) {
	py, err := pyenv.Python()
	if err != nil {
		t.Skipf("submission.parquet is written with aimo's Python environment: %v", err)
	}
	path := filepath.Join(t.TempDir(), "submission.parquet")
	rows := []Row{{"c", 3}, {"a", 0}, {"b", 99999}}
	if err := WriteParquet(path, rows, []string{"a", "b", "c"}, AIMO3, py); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", `import sys, polars as pl
df = pl.read_parquet(sys.argv[1])
print(dict(df.schema), df.rows())`, path).CombinedOutput()
	want := "{'id': String, 'answer': Int64} [('c', 3), ('a', 0), ('b', 99999)]"
	if got := strings.TrimSpace(string(out)); err != nil || got != want {
		t.Errorf("polars reads %s (%v), want %s", got, err, want)
	}
	bad := filepath.Join(t.TempDir(), "bad.parquet")
	if err := WriteParquet(bad, rows[:2], []string{"a", "b", "c"}, AIMO3, py); err == nil {
		t.Error("a submission missing an id was written")
	} else if _, statErr := os.Stat(bad); statErr == nil {
		t.Error("an invalid submission must write nothing")
	}
}
