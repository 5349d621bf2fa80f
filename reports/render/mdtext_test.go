package render

import (
	"strings"
	"testing"
)

// TestMDTextKeepsTablesWhole: names come from the user's experiment and
// datasets; in report.md (posted as a PR comment) a pipe, a newline or raw
// HTML in one must not break the table or inject markup.
func TestMDTextKeepsTablesWhole(t *testing.T) {
	got := mdText("a|b\n<script>alert(1)</script>`x`")
	for _, bad := range []string{"\n", "<script>", "a|b"} {
		if strings.Contains(got, bad) {
			t.Errorf("mdText left %q in %q", bad, got)
		}
	}
	if !strings.Contains(got, `a\|b`) || !strings.Contains(got, "&lt;script&gt;") {
		t.Errorf("mdText = %q", got)
	}
}
