package render

import (
	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
)

// Schema is the version results.json declares; docs/results-schema.md
// documents every field.
const Schema = "aimo.results/v1"

// Document is results.json: eval.Results plus what the report adds
// (per-problem outcomes of the selected configuration, cost, calibration,
// trainings), with footnotes deduplicated by text and renumbered.
type Document struct {
	Schema      string  `json:"schema"`
	Experiment  string  `json:"experiment"`
	Description string  `json:"description,omitempty"`
	Confidence  float64 `json:"confidence"`
	Seed        uint64  `json:"seed"`
	// Partial says samples were missing from the cache; Missing counts them
	// and Expected counts every sample the plan asks for.
	Partial  bool            `json:"partial"`
	Missing  int             `json:"missing"`
	Expected int             `json:"expected"`
	Sets     []eval.SetInfo  `json:"sets"`
	Cells    []eval.CellInfo `json:"cells"`
	Settings []eval.Setting  `json:"settings"`
	Grid     []Entry         `json:"grid"`
	// Problems lists each set's problem IDs in set order: the order of
	// every entry's Solved.
	Problems    []SetProblems   `json:"problems,omitempty"`
	Pools       []Pool          `json:"pools"`
	Selection   *eval.Selection `json:"selection,omitempty"`
	Selected    *Selected       `json:"selected,omitempty"`
	Cost        []Cost          `json:"cost"`
	Tools       []ToolUse       `json:"tools,omitempty"`
	Calibration *Calibration    `json:"calibration,omitempty"`
	Trainings   []Training      `json:"trainings,omitempty"`
	Footnotes   []eval.Footnote `json:"footnotes,omitempty"`
}

// Entry is eval.Entry with the cost of its setting: tokens and seconds per
// problem spent on the samples it read (0 when the cache recorded none).
type Entry struct {
	eval.Entry
	TokensPerProblem  float64 `json:"tokens_per_problem"`
	SecondsPerProblem float64 `json:"seconds_per_problem"`
	// Solved is the entry's outcome on each problem of its set, in the
	// order of Document.Problems: '1' solved, '0' not. aimo diff pairs two
	// reports' entries problem by problem through it.
	Solved string `json:"solved,omitempty"`
}

// SetProblems is one set's problem IDs in set order.
type SetProblems struct {
	Set string   `json:"set"`
	IDs []string `json:"ids"`
}

// Pool is eval.Pool without its per-problem rows, which would make the file
// grow with cells × problems; the selected configuration's rows are in
// Selected.
type Pool struct {
	Set      string    `json:"set"`
	Cell     string    `json:"cell"`
	Samples  int       `json:"samples"`
	Missing  int       `json:"missing"`
	NoAnswer int       `json:"no_answer"`
	Invalid  int       `json:"invalid,omitempty"`
	Correct  int       `json:"correct"`
	PassAtK  []float64 `json:"pass_at_k"`
	MajAtK   []float64 `json:"maj_at_k"`
	// AvgAtK, GPassAtK and MGPassAtK are eval.Pool's.
	AvgAtK    []float64    `json:"avg_at_k"`
	GPassAtK  []eval.GPass `json:"g_pass_at_k"`
	MGPassAtK []float64    `json:"mg_pass_at_k"`
	// SampleAccuracy is one sample's accuracy (avg@n) with its cluster-aware
	// Wilson interval (problems, and samples within them).
	SampleAccuracy eval.Estimate `json:"sample_accuracy"`
	Agreement      float64       `json:"agreement"`
	Buckets        []eval.Bucket `json:"agreement_buckets"`
	Signals        []eval.Signal `json:"signals,omitempty"`
	Notes          []int         `json:"notes,omitempty"`
}

// Selected is the selected configuration problem by problem (eval's
// Results.Problems) on the selection set and, when there is one, the
// confirmation set. report --check pairs its per-problem outcomes with a
// baseline's.
type Selected struct {
	Cell      string  `json:"cell"`
	Setting   string  `json:"setting"`
	Method    string  `json:"method"`
	K         int     `json:"k"`
	EarlyStop int     `json:"early_stop"`
	Splits    []Split `json:"splits"`
}

// Split is the selected configuration on one set.
type Split struct {
	// Role is "selection" or "confirmation".
	Role     string        `json:"role"`
	Set      string        `json:"set"`
	Problems int           `json:"problems"`
	Correct  int           `json:"correct"`
	Accuracy float64       `json:"accuracy"`
	Wilson   eval.Interval `json:"wilson"`
	Outcomes []Outcome     `json:"outcomes"`
}

// Outcome is the selected configuration's vote on one problem.
type Outcome struct {
	ID      string `json:"id"`
	Gold    string `json:"gold"`
	Answer  string `json:"answer"`
	Correct bool   `json:"correct"`
}

// Cost is what one cell's (or ensemble's) cached samples cost on one set.
type Cost struct {
	Set  string `json:"set"`
	Cell string `json:"cell"`
	// Samples counts the samples present; Tokened and Timed those with
	// completion tokens and latency recorded.
	Samples int `json:"samples"`
	Tokened int `json:"tokened"`
	Timed   int `json:"timed"`
	// TokensPerSample and SecondsPerSample average over the recorded ones;
	// the per-problem values are for all samples of the cell.
	TokensPerSample   float64 `json:"tokens_per_sample"`
	SecondsPerSample  float64 `json:"seconds_per_sample"`
	TokensPerProblem  float64 `json:"tokens_per_problem"`
	SecondsPerProblem float64 `json:"seconds_per_problem"`
}

// ToolUse is what one tool cell's (or ensemble's) cached conversations did
// with their tools on one set.
type ToolUse struct {
	Set  string `json:"set"`
	Cell string `json:"cell"`
	// Samples counts the conversations; Calls the code cells run, Errors
	// those that failed (an exception, a timeout, an unknown tool), and
	// Seconds the time the code ran.
	Samples        int     `json:"samples"`
	Calls          int     `json:"calls"`
	Errors         int     `json:"errors"`
	Seconds        float64 `json:"seconds"`
	CallsPerSample float64 `json:"calls_per_sample"`
	ErrorRate      float64 `json:"error_rate"`
	// SecondsPerSample is the code's time per conversation.
	SecondsPerSample float64 `json:"seconds_per_sample"`
}

// Calibration bins the selected cell's per-sample confidence on the
// selection set against how often samples in each bin were right.
type Calibration struct {
	Set    string `json:"set"`
	Cell   string `json:"cell"`
	Signal string `json:"signal"`
	// Samples counts the samples binned; ECE is the expected calibration
	// error (bin-size-weighted mean of |accuracy - confidence|).
	Samples int      `json:"samples"`
	ECE     float64  `json:"ece"`
	Bins    []CalBin `json:"bins"`
}

// CalBin is one confidence bin [Lo, Hi) (the last one closed).
type CalBin struct {
	Lo             float64 `json:"lo"`
	Hi             float64 `json:"hi"`
	Samples        int     `json:"samples"`
	MeanConfidence float64 `json:"mean_confidence"`
	Accuracy       float64 `json:"accuracy"`
}

// Training is a planned adapter with what its trainer measured (absent
// until it is trained) and its best accuracy on the selection set.
type Training struct {
	runner.Training
	Trained         bool       `json:"trained"`
	InitialEvalLoss *float64   `json:"initial_eval_loss,omitempty"`
	FinalEvalLoss   *float64   `json:"final_eval_loss,omitempty"`
	Steps           int        `json:"steps,omitempty"`
	WallS           float64    `json:"wall_s,omitempty"`
	TokensPerS      float64    `json:"tokens_per_s,omitempty"`
	TrainLoss       []hf.Point `json:"train_loss,omitempty"`
	EvalLoss        []hf.Point `json:"eval_loss,omitempty"`
	// BestAccuracy is the best entry of the adapter's cells on the
	// selection set.
	BestAccuracy *float64 `json:"best_accuracy,omitempty"`
}
