package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite expected output in testdata/script")

func TestMain(m *testing.M) {
	// Tests of managed vLLM run this binary as a stand-in `vllm`.
	if filepath.Base(os.Args[0]) == "vllm" {
		os.Exit(vllmStandIn(os.Args[1:]))
	}
	// Tests that kill a real aimo process re-execute this binary as the CLI.
	if os.Getenv("AIMO_RUN_AS_CLI") == "1" {
		limitFileSize()
		os.Exit(Main(os.Args, os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		"aimo": func() { os.Exit(Main(os.Args, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI end to end as a user would, from the txtar files
// in testdata/script: exit codes, stdout and stderr. Each script starts in a
// fresh directory holding a copy of the project's experiments/.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("AIMO_CACHE", "")
			return os.CopyFS(filepath.Join(env.WorkDir, "experiments"), os.DirFS("../../experiments"))
		},
	})
}
