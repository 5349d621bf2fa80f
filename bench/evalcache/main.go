// Command evalcache writes a synthetic sweep and a real SQLite cache holding
// every one of its generations, to time `aimo eval` on a cache of millions
// of rows (docs/benchmarks.md). In DIR it writes synth.jsonl (the problems),
// exp.jsonnet (cells = temperatures × seeds, a model that is never called)
// and cache.db, filled through SQL in item order (as a run writes it) in large transactions, the
// by-cell index built once at the end. Samples are short texts ending in
// \boxed{N}: right with a probability that grows with the cell's skill and
// falls with the problem's difficulty, else mostly one of three popular wrong
// answers; 5% give none. Each row has entropy, a reward score, a latency and
// token counts, as a vLLM run records them.
//
//	go run ./bench/evalcache -dir /tmp/evalbench -cells 200 -problems 500 -samples 32
//	/usr/bin/time -v aimo eval --cache /tmp/evalbench/cache.db /tmp/evalbench/exp.jsonnet
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	_ "github.com/mattn/go-sqlite3"
)

func main() {
	dir := flag.String("dir", "", "folder to write into (created; must not hold a cache.db)")
	cells := flag.Int("cells", 200, "cells: 10 temperatures × cells/10 seeds (any count under 10: seeds alone)")
	problems := flag.Int("problems", 5000, "problems")
	samples := flag.Int("samples", 32, "samples per problem")
	flag.Parse()
	if *dir == "" {
		log.Fatal("evalcache: -dir is required")
	}
	if err := build(*dir, *cells, *problems, *samples); err != nil {
		log.Fatal("evalcache: ", err)
	}
}

func build(dir string, cells, problems, samples int) error {
	start := time.Now()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	db := filepath.Join(dir, "cache.db")
	if _, err := os.Stat(db); err == nil {
		return fmt.Errorf("%s exists", db)
	}
	r := rand.New(rand.NewPCG(42, 43))
	gold := make([]int, problems)
	var data strings.Builder
	for p := range problems {
		gold[p] = r.IntN(1000)
		fmt.Fprintf(&data, "{\"id\": \"p%d\", \"q\": \"Problem %d: compute the number.\", \"a\": \"%d\"}\n", p, p, gold[p])
	}
	temps, seeds := 10, cells/10
	if cells < 10 || cells%10 != 0 {
		temps, seeds = 1, cells
	}
	var tl, sl []string
	for t := range temps {
		tl = append(tl, strconv.FormatFloat(0.1+0.1*float64(t), 'f', 1, 64))
	}
	for s := range seeds {
		sl = append(sl, strconv.Itoa(s))
	}
	ks := "8, " + strconv.Itoa(samples)
	if samples <= 8 {
		ks = strconv.Itoa(samples)
	}
	exp := fmt.Sprintf(`local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'evalbench',
  datasets: { synth: aimo.dataset.jsonl('synth.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: { fake: aimo.model.openai('fake', base_url='http://127.0.0.1:9/v1') },
  matrix: { temperature: [%s], seed: [%s] },
  evaluate: ['synth'],
  limits: { requests: %d },
  samples: %d,
  voting: { method: ['majority', 'entropy_weighted'], k: [%s], early_stop: [0, 4] },
}
`, strings.Join(tl, ", "), strings.Join(sl, ", "), max(5000000, cells*problems*samples), samples, ks)
	for name, body := range map[string]string{"synth.jsonl": data.String(), "exp.jsonnet": exp} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	sw, err := runner.Load(filepath.Join(dir, "exp.jsonnet"), lang.Options{})
	if err != nil {
		return err
	}
	log.Printf("loaded %d cells, %d items in %s", len(sw.Plan.Cells), len(sw.Items), time.Since(start).Round(time.Millisecond))
	// Every sample, in item order, as a run writes them: its table's rows
	// come roughly in that order, while the key index is in hash order.
	type ref struct {
		key    string
		item   int32
		sample int32
	}
	refs := make([]ref, 0, len(sw.Items)*samples)
	for i, it := range sw.Items {
		for s, k := range it.Keys {
			refs = append(refs, ref{k, int32(i), int32(s)})
		}
	}
	store, err := cache.Open(db) // the schema, as aimo makes it
	if err != nil {
		return err
	}
	if err := store.Close(); err != nil {
		return err
	}
	conn, err := sql.Open("sqlite3", db)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	for _, q := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -1048576", "DROP INDEX generations_by_cell"} {
		if _, err := conn.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	const per = 50 // rows per INSERT: 17 columns each
	cols := "key, cell, problem, sample, model, text, reasoning, finish_reason, prompt_tokens, completion_tokens, latency_s, mean_entropy, tail_entropy, score, tool_turns, error, created_at"
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", 17), ",") + ")"
	insert := "INSERT INTO generations (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+",", per), ",")
	openings := []string{"Adding the two parts,", "Solving for x,", "By symmetry,", "Counting cases,", "Using the identity above,"}
	skill := func(c int) float64 { return -0.5 + 2*float64(c)/float64(len(sw.Plan.Cells)) }
	diff := make([]float64, problems)
	wrong := make([][3]int, problems)
	for p := range problems {
		diff[p] = r.NormFloat64() * 1.5
		wrong[p] = [3]int{r.IntN(1000), r.IntN(1000), r.IntN(1000)}
	}
	created := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	var tx *sql.Tx
	var st *sql.Stmt
	args := make([]any, 0, 17*per)
	for n, rf := range refs {
		if n%500_000 == 0 {
			if tx != nil {
				if err := tx.Commit(); err != nil {
					return err
				}
				log.Printf("%d rows in %s", n, time.Since(start).Round(time.Millisecond))
			}
			if tx, err = conn.Begin(); err != nil {
				return err
			}
			if st, err = tx.Prepare(insert); err != nil {
				return err
			}
		}
		it := &sw.Items[rf.item]
		p, _ := strconv.Atoi(strings.TrimPrefix(it.Problem.ID, "p"))
		pRight := 1 / (1 + math.Exp(diff[p]-skill(it.Cell)))
		var text string
		right := false
		h, score := 0.6+0.25*r.NormFloat64(), 0.35+0.2*r.NormFloat64()
		open := openings[r.IntN(len(openings))]
		switch {
		case r.Float64() < 0.05:
			text = open + " I could not finish."
		case r.Float64() < pRight:
			right = true
			text = open + " The final answer is $\\boxed{" + strconv.Itoa(gold[p]) + "}$."
		default:
			a := r.IntN(1000)
			switch u := r.Float64(); {
			case u < 0.6:
				a = wrong[p][0]
			case u < 0.84:
				a = wrong[p][1]
			case u < 0.96:
				a = wrong[p][2]
			}
			text = open + " The final answer is $\\boxed{" + strconv.Itoa(a) + "}$."
		}
		if right {
			h, score = 0.35+0.2*r.NormFloat64(), 0.65+0.2*r.NormFloat64()
		}
		h = math.Max(h, 0.01)
		args = append(args, rf.key, sw.Plan.Cells[it.Cell].Name, it.Problem.ID, rf.sample, "fake",
			text, "", "stop", 120, 1000+r.IntN(4000), 20+200*r.Float64(),
			h, h/2, score, nil, "", created+int64(n))
		if len(args) == cap(args) {
			if _, err := st.Exec(args...); err != nil {
				return err
			}
			args = args[:0]
		}
		if n == len(refs)-1 || (n+1)%500_000 == 0 {
			for len(args) > 0 { // the transaction's last rows, one statement each
				q := "INSERT INTO generations (" + cols + ") VALUES " + one
				if _, err := tx.Exec(q, args[:17]...); err != nil {
					return err
				}
				args = args[17:]
			}
			args = make([]any, 0, 17*per)
		}
	}
	if tx != nil {
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	log.Printf("%d rows in %s; indexing by cell", len(refs), time.Since(start).Round(time.Millisecond))
	for _, q := range []string{"CREATE INDEX generations_by_cell ON generations (cell, problem, sample, key)", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := conn.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	fi, err := os.Stat(db)
	if err != nil {
		return err
	}
	log.Printf("done in %s: %s, %.1f GB", time.Since(start).Round(time.Millisecond), db, float64(fi.Size())/1e9)
	return nil
}
