package hf

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Job is the trainer's spec (py/aimo_hf/trainspec.py reads it): every key is
// always written, null where a value is not set.
type Job struct {
	BaseModel     string   `json:"base_model"`
	TrainFile     string   `json:"train_file"`
	ValFile       *string  `json:"val_file"`
	OutputDir     string   `json:"output_dir"`
	R             int      `json:"r"`
	Alpha         int      `json:"alpha"`
	Dropout       float64  `json:"dropout"`
	TargetModules []string `json:"target_modules"`
	LR            float64  `json:"lr"`
	Epochs        int      `json:"epochs"`
	BatchSize     int      `json:"batch_size"`
	GradAccum     int      `json:"grad_accum"`
	WarmupSteps   int      `json:"warmup_steps"`
	Precision     string   `json:"precision"`
	EvalSteps     int      `json:"eval_steps"`
	MaxSeqLen     int      `json:"max_seq_len"`
	Seed          int64    `json:"seed"`
	Device        string   `json:"device"`
	MaxSteps      int      `json:"max_steps"`
	LoggingSteps  int      `json:"logging_steps"`
}

// Point is one loss measurement.
type Point struct {
	Step  int     `json:"step"`
	Loss  float64 `json:"loss"`
	Epoch float64 `json:"epoch,omitempty"`
}

// Metrics is the part of the trainer's metrics.json aimo reads.
type Metrics struct {
	TrainLoss       []Point  `json:"train_loss"`
	EvalLoss        []Point  `json:"eval_loss"`
	BestStep        *int     `json:"best_step"`
	BestEvalLoss    *float64 `json:"best_eval_loss"`
	FinalEvalLoss   *float64 `json:"final_eval_loss"`
	InitialEvalLoss *float64 `json:"initial_eval_loss"`
	WallS           float64  `json:"wall_s"`
	TrainTokens     int64    `json:"train_tokens"`
	TokensPerS      float64  `json:"tokens_per_s"`
	Steps           int      `json:"steps"`
	TrainerVersion  string   `json:"trainer_version"`
}

// MetricsFile is written last into a finished adapter folder: a folder
// without it is unfinished and never used.
const MetricsFile = "metrics.json"

// Train runs the trainer on job, which writes job.OutputDir. The spec is kept
// beside the output as spec.json; stderr goes to log; each event goes to
// onEvent.
func Train(ctx context.Context, python string, job Job, log io.Writer, onEvent func(Event)) (*Metrics, error) {
	spec, err := WriteSpec(job)
	if err != nil {
		return nil, err
	}
	if err := run(ctx, python, "train", []string{"--spec", spec}, log, onEvent); err != nil {
		return nil, err
	}
	return ReadMetrics(job.OutputDir)
}

// WriteSpec writes job as spec.json beside its output folder, where the
// trainer (python -m aimo_hf.train --spec PATH) reads it, and returns the path.
func WriteSpec(job Job) (string, error) {
	spec := filepath.Join(filepath.Dir(job.OutputDir), "spec.json")
	b, err := json.MarshalIndent(job, "", "  ")
	if err != nil {
		return "", err
	}
	return spec, os.WriteFile(spec, b, 0o644)
}

// ReadEvent decodes one line of the trainer's stdout; ok is false for a
// line that is not an event.
func ReadEvent(line []byte) (ev Event, ok bool) {
	return ev, json.Unmarshal(line, &ev) == nil && ev.Event != ""
}

// ReadMetrics reads a finished adapter folder's metrics.
func ReadMetrics(dir string) (*Metrics, error) {
	b, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		return nil, fmt.Errorf("adapter %s is unfinished: %w", dir, err)
	}
	var m Metrics
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("adapter %s: %s: %w", dir, MetricsFile, err)
	}
	return &m, nil
}

// BuildTiny builds the tiny test model into dir (atomically; a finished dir
// is left alone).
func BuildTiny(ctx context.Context, python, dir string, seed int64, log io.Writer) error {
	return run(ctx, python, "tiny", []string{"--out", dir, "--seed", fmt.Sprint(seed)}, log, nil)
}
