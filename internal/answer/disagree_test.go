package answer

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

const (
	beginMarker = "<!-- BEGIN GENERATED DISAGREEMENTS (go test ./internal/answer -run Cases -update) -->"
	endMarker   = "<!-- END GENERATED DISAGREEMENTS -->"
)

// disagreement is one source case where our verdict differs from the source's.
type disagreement struct {
	id, source, gold, prediction string
	expected                     string
}

// reasons reads testdata/disagreement_reasons.tsv: a case id or a source repository,
// then why we differ.
func reasons(t *testing.T) map[string]string {
	f, err := os.Open(filepath.Join("testdata", "disagreement_reasons.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("disagreement_reasons.tsv: no tab in %q", line)
		}
		out[k] = v
	}
	return out
}

// checkDisagreements requires a reason for every disagreement and keeps the table in
// docs/grading.md equal to what the data produces (rewritten under -update).
func checkDisagreements(t *testing.T, missed []disagreement) {
	why := reasons(t)
	var b bytes.Buffer
	b.WriteString(beginMarker + "\n\n| case | source | gold | prediction | expected | why we differ |\n|---|---|---|---|---|---|\n")
	for _, d := range missed {
		r, ok := why[d.id]
		if !ok {
			r, ok = why[d.source]
		}
		if !ok {
			t.Errorf("case %s (%s) disagrees and has no reason in testdata/disagreement_reasons.tsv: gold %q prediction %q",
				d.id, d.source, short(d.gold, 80), short(d.prediction, 80))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", d.id, d.source, cell(d.gold), cell(d.prediction), d.expected, r)
	}
	b.WriteString("\n" + endMarker)
	syncDoc(t, b.String())
}

func cell(s string) string {
	s = strings.ReplaceAll(short(s, 70), "|", `\|`)
	s = strings.ReplaceAll(s, "`", "'")
	return "`" + s + "`"
}

func syncDoc(t *testing.T, table string) {
	path := filepath.Join(testkit.RepoRoot(t), "docs", "grading.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(doc, []byte(beginMarker)), bytes.Index(doc, []byte(endMarker))
	if i < 0 || j < i {
		t.Fatalf("%s: missing the generated-table markers", path)
	}
	got := string(doc[i : j+len(endMarker)])
	if got == table {
		return
	}
	if !*update {
		t.Errorf("%s: the disagreement table is stale; run go test ./internal/answer -run Cases -update", path)
		return
	}
	out := string(doc[:i]) + table + string(doc[j+len(endMarker):])
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

func strconvItoa(n int) string { return strconv.Itoa(n) }
