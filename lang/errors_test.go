package lang

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestErrorGolden pins the exact text users see for each bad experiment in
// testdata/errors: the file:line:col of Jsonnet errors, the field path,
// expected and found, and the closest valid name.
func TestErrorGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.jsonnet")
	if err != nil || len(files) < 25 {
		t.Fatalf("want at least 25 bad inputs, found %d (%v)", len(files), err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".jsonnet")
		t.Run(name, func(t *testing.T) {
			_, err := Load(file, Options{})
			if err == nil {
				t.Fatalf("%s loaded without error", file)
			}
			if _, ok := err.(*ConfigError); !ok {
				t.Fatalf("error is %T, want *ConfigError (exit 2)", err)
			}
			testkit.Golden(t, strings.TrimSuffix(file, ".jsonnet")+".golden", []byte(err.Error()+"\n"), *update)
		})
	}
}
