package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestDataScripts runs aimo data and aimo grade end to end from the txtar
// files in testdata/data.
func TestDataScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/data", UpdateScripts: *update})
}
