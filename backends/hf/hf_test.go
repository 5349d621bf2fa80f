package hf

import (
	"os"
	"regexp"
	"testing"
)

// TestTrainerVersionMatchesPython ties the version in adapter identities to
// the trainer's own: a trainer change that bumps TRAINER_VERSION must
// retrain every adapter, which it does only if Go knows the new version.
func TestTrainerVersionMatchesPython(t *testing.T) {
	src, err := os.ReadFile("py/aimo_hf/train.py")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^TRAINER_VERSION = "([^"]+)"$`).FindSubmatch(src)
	if m == nil {
		t.Fatal("train.py defines no TRAINER_VERSION")
	}
	if string(m[1]) != TrainerVersion {
		t.Errorf("train.py says %q, hf.TrainerVersion says %q", m[1], TrainerVersion)
	}
}

func TestProgramsAreWrittenOnceByContent(t *testing.T) {
	t.Setenv("AIMO_CACHE_HOME", t.TempDir())
	a, err := Programs()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Programs()
	if err != nil || a != b {
		t.Fatalf("second call: %q, %v; want %q", b, err, a)
	}
	for _, f := range []string{"aimo_hf/__init__.py", "aimo_hf/train.py", "aimo_hf/serve.py", "aimo_hf/tiny.py"} {
		if _, err := os.Stat(a + "/" + f); err != nil {
			t.Errorf("%s missing from %s", f, a)
		}
	}
}
