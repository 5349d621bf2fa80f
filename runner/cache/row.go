package cache

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

// Row is one generation: a success when Err is empty, a failure otherwise.
type Row struct {
	// Key is the generation's content identity, computed by the runner; the store
	// treats it as opaque.
	Key        string
	Cell       string
	Problem    string
	Sample     int
	Model      string
	Completion backends.Completion
	// Err is the failure message; empty for a success.
	Err string
	// CreatedAt is when the generation finished; Put sets it to now when zero.
	// Rows read back carry it in UTC.
	CreatedAt time.Time
}

// Failed reports whether the row records a failure.
func (r Row) Failed() bool { return r.Err != "" }

// columns lists the generations columns in the order scanRow reads them
// and put_rows (put.go) binds them.
var columns = []string{
	"key", "cell", "problem", "sample", "model",
	"text", "reasoning", "finish_reason", "prompt_tokens", "completion_tokens", "latency_s",
	"mean_entropy", "tail_entropy", "score", "tool_turns",
	"error", "created_at",
}

// columnList is columns joined for SELECT and INSERT.
var columnList = strings.Join(columns, ", ")

// scanner is the part of *sql.Rows and *sql.Row that scanRow needs.
type scanner interface {
	Scan(dest ...any) error
}

// scanRow reads one row selected with columnList.
func scanRow(sc scanner) (Row, error) {
	var r Row
	if err := scanInto(sc, &r); err != nil {
		return Row{}, err
	}
	return r, nil
}

// scanInto reads one row selected with columnList into r.
func scanInto(sc scanner, r *Row) error {
	var (
		c                 = &r.Completion
		mean, tail, score sql.NullFloat64
		turns             []byte
		created           int64
	)
	err := sc.Scan(&r.Key, &r.Cell, &r.Problem, &r.Sample, &r.Model,
		&c.Text, &c.Reasoning, &c.FinishReason, &c.PromptTokens, &c.CompletionTokens, &c.LatencyS,
		&mean, &tail, &score, &turns, &r.Err, &created)
	if err != nil {
		return fmt.Errorf("read row: %w", err)
	}
	c.MeanEntropy, c.TailEntropy, c.Score = pointer(mean), pointer(tail), pointer(score)
	if turns != nil {
		if err := json.Unmarshal(turns, &c.ToolTurns); err != nil {
			return fmt.Errorf("decode tool turns of %s: %w", r.Key, err)
		}
	}
	r.CreatedAt = time.Unix(0, created).UTC()
	return nil
}

func pointer(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	return &f.Float64
}
