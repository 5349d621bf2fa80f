package layers

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/aimo-dev/aimo/"

// layer is the rank of a package of the module (higher imports lower) and
// its top-level folder; ok is false for packages outside the rule.
func layer(pkg string) (rank int, folder string, ok bool) {
	rel := strings.TrimPrefix(pkg, module)
	folder, _, _ = strings.Cut(rel, "/")
	switch {
	case strings.HasPrefix(rel, "internal/testkit"):
		return 0, folder, false
	case folder == "cmd" || folder == "bench":
		return 5, folder, true
	case folder == "reports":
		return 4, folder, true
	case folder == "runner":
		return 3, folder, true
	case folder == "lang" || folder == "backends":
		return 2, folder, true
	case folder == "internal":
		return 1, folder, true
	}
	return 0, folder, false
}

// allowed reports whether pkg may import dep (both in the module).
func allowed(pkg, dep string) bool {
	pr, pf, ok := layer(pkg)
	if !ok {
		return true
	}
	dr, df, ok := layer(dep)
	if !ok {
		// Only tests may import test support.
		return false
	}
	return dr < pr || df == pf
}

// TestImportsFollowTheLayers lists every package's non-test imports with
// go list and checks each against the rule in the package comment.
func TestImportsFollowTheLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		pkg := fields[0]
		for _, dep := range fields[1:] {
			if !strings.HasPrefix(dep, module) {
				continue
			}
			checked++
			if !allowed(pkg, dep) {
				t.Errorf("%s imports %s, against the layers rule (see package layers)", strings.TrimPrefix(pkg, module), strings.TrimPrefix(dep, module))
			}
		}
	}
	if checked < 50 {
		t.Errorf("checked only %d imports: go list output looks wrong", checked)
	}
}

func TestRule(t *testing.T) {
	for _, tc := range []struct {
		pkg, dep string
		want     bool
	}{
		{"reports/eval", "runner", true},
		{"runner/dataset", "reports/answer", false},
		{"runner/dataset", "internal/answer", true},
		{"lang", "reports/vote", false},
		{"lang", "backends", false},
		{"backends/tir", "backends/openai", true},
		{"internal/answer", "lang", false},
		{"reports/render", "reports/eval", true},
		{"runner", "internal/testkit", false},
		{"cmd/aimo", "reports/render", true},
	} {
		if got := allowed(module+tc.pkg, module+tc.dep); got != tc.want {
			t.Errorf("%s importing %s: allowed = %v, want %v", tc.pkg, tc.dep, got, tc.want)
		}
	}
}
