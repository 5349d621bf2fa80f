package dataset

import (
	"strings"
	"testing"
)

// TestJSONLLongLine reads a line far longer than the scanner's first buffer:
// it grows rather than failing.
func TestJSONLLongLine(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	rows, _, err := readJSONL(strings.NewReader(`{"q": "`+long+`"}`+"\n"+`{"q": "short"}`+"\n"), "x.jsonl", map[string][]string{"problem": {"q"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].fields[fieldProblem] != long || rows[1].fields[fieldProblem] != "short" {
		t.Fatalf("read %d rows, the first of %d bytes", len(rows), len(rows[0].fields[fieldProblem]))
	}
}
