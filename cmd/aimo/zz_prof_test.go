package main

import (
	"os"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
)

func TestZZProfile(t *testing.T) {
	args := os.Getenv("ZZ_ARGS")
	if args == "" {
		t.Skip()
	}
	f, _ := os.Create(os.Getenv("ZZ_PROF"))
	pprof.StartCPUProfile(f)
	code := Main(append([]string{"aimo"}, strings.Fields(args)...), os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	f.Close()
	t.Log("exit", code)
}

func TestZZLoad(t *testing.T) {
	p := os.Getenv("ZZ_LOAD")
	if p == "" {
		t.Skip()
	}
	f, _ := os.Create(os.Getenv("ZZ_PROF"))
	pprof.StartCPUProfile(f)
	st := time.Now()
	sw, err := runner.Load(p, lang.Options{})
	t.Log(time.Since(st), err, len(sw.Items))
	pprof.StopCPUProfile()
	f.Close()
}
