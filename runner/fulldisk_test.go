package runner_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/runner"
)

// TestFullCacheStopsTheSweepAtOnce: when the cache cannot store a batch
// (a trigger on the real SQLite file stands in for the full disk; the CLI
// test fills a real file-size limit) the sweep stops sending requests, the
// error names the cache, and the summary's New counts only stored rows.
func TestFullCacheStopsTheSweepAtOnce(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{Latency: 30 * time.Millisecond})
	defer srv.Close()
	s := newSweep(t, srv.URL+"/v1", 30) // 60 requests of 4 samples
	db, err := sql.Open("sqlite3", s.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER full BEFORE INSERT ON generations WHEN (SELECT count(*) FROM generations) >= 4
		BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	sum, err := runner.Execute(context.Background(), s.exp, s.plan, s.items,
		runner.Options{Store: s.store, Generator: client(t, srv.URL+"/v1", time.Second), Workers: 2})
	var werr *runner.WriteError
	if !errors.As(err, &werr) || werr.Path != s.store.Path() || !strings.Contains(err.Error(), "database or disk is full") {
		t.Fatalf("error %v: want a WriteError naming the cache %s and the disk's error", err, s.store.Path())
	}
	if n := srv.Requests("/v1/chat/completions"); n > 30 {
		t.Errorf("server saw %d of 60 requests: the sweep went on after the cache stopped storing", n)
	}
	var stored int
	if err := db.QueryRow(`SELECT count(*) FROM generations WHERE error = ''`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if sum.New != stored || sum.Lost == 0 || sum.Failed != 0 {
		t.Errorf("summary new %d, lost %d, failed %d; the cache holds %d: want new = stored and the rest lost",
			sum.New, sum.Lost, sum.Failed, stored)
	}
}
