package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

// runEval runs `aimo eval` in-process with the command under test alone.
func runEval(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &cli.App{Name: "aimo", Writer: &out, ErrWriter: &errOut, Commands: []*cli.Command{evalCommand()},
		ExitErrHandler: func(*cli.Context, error) {}}
	err := app.Run(append([]string{"aimo", "eval"}, args...))
	return out.String(), err
}

func TestEvalCommand(t *testing.T) {
	exp := filepath.Join("..", "..", "experiments", "quickstart.jsonnet")
	db := filepath.Join(t.TempDir(), "cache.db")
	var out, errOut bytes.Buffer
	if code := Main([]string{"aimo", "run", "--quiet", "--cache", db, exp}, &out, &errOut); code != 0 {
		t.Fatalf("aimo run exited %d: %s", code, errOut.String())
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	store, err := cache.Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	tests := []struct {
		name    string
		args    []string
		want    string
		wantErr string
	}{
		{"leaderboard from a full cache", []string{"--cache", db, exp}, "selected: qwen2.5-math", ""},
		{"json from a full cache", []string{"--cache", db, "--json", exp}, `"experiment": "quickstart"`, ""},
		{"missing generations are an error naming how many", []string{"--cache", empty, exp}, "", "800 of 800 generations are not in the cache"},
		{"partial evaluates what there is", []string{"--cache", empty, "--partial", exp}, "800 samples missing", ""},
		{"no cache file says to run first", []string{"--cache", filepath.Join(t.TempDir(), "none.db"), exp}, "", "aimo run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runEval(t, tt.args...)
			switch {
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one mentioning %q", err, tt.wantErr)
			case tt.wantErr == "" && err != nil:
				t.Fatal(err)
			case !strings.Contains(got, tt.want):
				t.Errorf("output lacks %q:\n%s", tt.want, got)
			}
		})
	}
}

// TestEvalStreamsAsCollectReads checks that `aimo eval`, which streams the
// cache and grades rows as they arrive, prints what evaluating every row
// read at once (as report does) gives, byte for byte, on a full cache and
// on one with rows gone (--partial).
func TestEvalStreamsAsCollectReads(t *testing.T) {
	exp := filepath.Join("..", "..", "experiments", "quickstart.jsonnet")
	db := filepath.Join(t.TempDir(), "cache.db")
	var out, errOut bytes.Buffer
	if code := Main([]string{"aimo", "run", "--quiet", "--cache", db, exp}, &out, &errOut); code != 0 {
		t.Fatalf("aimo run exited %d: %s", code, errOut.String())
	}
	collected := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		cmd := evalCommand()
		cmd.Action = func(c *cli.Context) error {
			ev, err := evaluateFromCache(c, c.Bool("partial"))
			if err != nil {
				return err
			}
			enc := json.NewEncoder(c.App.Writer)
			enc.SetIndent("", "  ")
			return enc.Encode(ev.res)
		}
		app := &cli.App{Name: "aimo", Writer: &out, Commands: []*cli.Command{cmd}, ExitErrHandler: func(*cli.Context, error) {}}
		if err := app.Run(append([]string{"aimo", "eval"}, args...)); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	check := func(name string, args ...string) {
		t.Helper()
		got, err := runEval(t, args...)
		if err != nil {
			t.Fatal(err)
		}
		if want := collected(args...); got != want {
			t.Fatalf("%s: aimo eval --json differs from evaluating the collected rows:\n%s\nwant:\n%s", name, got, want)
		}
	}
	check("full cache", "--cache", db, "--json", exp)
	conn, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	// Every seventh row gone and every fifth a failure, across cells.
	if _, err := conn.Exec("DELETE FROM generations WHERE rowid % 7 = 0"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("UPDATE generations SET error = 'boom' WHERE rowid % 5 = 0"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	check("cache with rows gone", "--cache", db, "--json", "--partial", exp)
	if _, err := runEval(t, "--cache", db, exp); err == nil || !strings.Contains(err.Error(), "generations are not in the cache") {
		t.Fatalf("eval of a cache with rows gone: error %v, want the missing generations named", err)
	}
}
