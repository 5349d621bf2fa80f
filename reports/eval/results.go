package eval

// Results is everything computed from a sweep's cache. Slices are in a fixed
// order (sets in evaluate order, cells in plan order then ensembles by name,
// settings in grid order) and the same cache gives byte-identical JSON.
type Results struct {
	Experiment string `json:"experiment"`
	// Confidence is the level of every interval (0.95).
	Confidence float64 `json:"confidence"`
	// Seed is the experiment's seed. Nothing in the results is sampled:
	// maj@k is counted exactly over all subsets, and bootstrap intervals and
	// p-values are exact (see Entry.Bootstrap).
	Seed     uint64     `json:"seed"`
	Sets     []SetInfo  `json:"sets"`
	Cells    []CellInfo `json:"cells"`
	Settings []Setting  `json:"settings"`
	// Grid holds one entry per set × cell (or ensemble) × setting.
	Grid []Entry `json:"grid"`
	// Pools holds one per set × cell (or ensemble): grading counts, curves,
	// agreement and per-problem rows.
	Pools     []Pool     `json:"pools"`
	Selection *Selection `json:"selection,omitempty"`
	// Footnotes are the caveats Entry.Notes and Pool.Notes point to.
	Footnotes []Footnote `json:"footnotes,omitempty"`
	// Missing counts samples the cache did not hold (evaluated with --partial).
	Missing int `json:"missing"`

	// graded is Evaluate's graded pools and settings, kept for Problems.
	// Results read back from JSON have none.
	graded *evaluation `json:"-"`
}

// SetInfo is one evaluated set.
type SetInfo struct {
	Name     string `json:"name"`
	Problems int    `json:"problems"`
	// Integer says answers were graded as AIMO-format integers.
	Integer bool `json:"integer"`
	// Comparisons is the size of the family every comparison with the best
	// entry is corrected for: all pairs of the set's entries. Correction is
	// "holm" (Holm's step-down over every pair), or "bonferroni" for sets
	// of more than 5,000 entries, where testing every pair would cost too
	// much.
	Comparisons int    `json:"comparisons"`
	Correction  string `json:"correction,omitempty"`
}

// CellInfo describes a generation cell or an ensemble.
type CellInfo struct {
	Name string `json:"name"`
	// Kind is "cell" or "ensemble".
	Kind        string  `json:"kind"`
	ID          string  `json:"id,omitempty"`
	Model       string  `json:"model,omitempty"`
	Adapter     string  `json:"adapter,omitempty"`
	Template    string  `json:"template,omitempty"`
	Fewshot     int     `json:"fewshot"`
	Temperature float64 `json:"temperature"`
	TopP        float64 `json:"top_p,omitempty"`
	Samples     int     `json:"samples"`
	// Confidence names the per-sample signal the confidence_* methods used:
	// entropy, reward or reasoning (see Signal).
	Confidence string `json:"confidence,omitempty"`
	// Method and Members are set for ensembles: the voting method and the
	// member cells with their weights.
	Method  string   `json:"method,omitempty"`
	Members []Member `json:"members,omitempty"`
}

// Member is one cell pooled into an ensemble.
type Member struct {
	Cell   string  `json:"cell"`
	Weight float64 `json:"weight"`
}

// Setting is one point of the voting grid. K is the number of samples read
// (the first K in sample order); EarlyStop stops once that many agree (0: off).
type Setting struct {
	Name      string `json:"name"`
	Method    string `json:"method"`
	K         int    `json:"k"`
	EarlyStop int    `json:"early_stop"`
}

// Interval is a two-sided interval at Results.Confidence.
type Interval struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// Entry is one cell (or ensemble) under one voting setting on one set.
type Entry struct {
	Set     string `json:"set"`
	Cell    string `json:"cell"`
	Setting string `json:"setting"`
	// Rank orders the set's entries by accuracy (1 = best; ties share the
	// order of fewer samples used, then grid order).
	Rank     int     `json:"rank"`
	Problems int     `json:"problems"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
	// Wilson is the Wilson score interval with continuity correction (R's
	// prop.test default), the interval the report shows: it covers at least
	// 95% of the time at 10–500 problems and accuracies 0.3–0.97.
	Wilson Interval `json:"wilson"`
	// Bootstrap is the problem-level percentile bootstrap interval, computed
	// exactly (the limit of infinitely many resamples), so it has no seed.
	// It is kept for comparison with notebooks: it undercovers with few
	// problems or an accuracy near 0 or 1 (at accuracy 0.97 and 30 problems
	// it covers 59% of the time), and an entry on a set of fewer than 30
	// problems carries a footnote saying so.
	Bootstrap Interval `json:"bootstrap"`
	// MeanUsed is the mean number of samples read per problem (below K only
	// under early stopping).
	MeanUsed float64 `json:"mean_used"`
	// ReadOrder is the order early stopping read the samples in: "finishing"
	// (by recorded latency) when every sample of the cell on the set has one,
	// else "sample". Empty for settings without early stopping, which read
	// the first K samples in sample order.
	ReadOrder string `json:"read_order,omitempty"`
	// NoAnswer counts problems where no sample read had an answer; Ties those
	// where the tie rule decided the vote.
	NoAnswer int `json:"no_answer"`
	Ties     int `json:"ties"`
	// VsBest compares the entry with the best entry of its set on the same
	// problems; nil for the best entry itself.
	VsBest    *Comparison `json:"vs_best,omitempty"`
	BySubject []Group     `json:"by_subject,omitempty"`
	ByLevel   []Group     `json:"by_level,omitempty"`
	// Notes are footnote numbers (Results.Footnotes).
	Notes []int `json:"notes,omitempty"`

	solved []bool // per problem in set order, for paired tests
	used   int
	order  int // position in the grid, the last tie-breaker
}

// Solved returns whether the entry solved each problem of its set, in set
// order (a copy); nil for results read back from JSON.
func (e *Entry) Solved() []bool {
	if e.solved == nil {
		return nil
	}
	return append([]bool(nil), e.solved...)
}

// Group is the accuracy on the problems of one subject or level.
type Group struct {
	Name     string   `json:"name"`
	Problems int      `json:"problems"`
	Correct  int      `json:"correct"`
	Accuracy float64  `json:"accuracy"`
	Wilson   Interval `json:"wilson"`
}

// Comparison is a paired comparison of an entry with its set's best entry.
type Comparison struct {
	// Best names the entry compared with ("cell / setting").
	Best string `json:"best"`
	// Delta is this entry's accuracy minus the best's, with a paired
	// percentile bootstrap interval (exact; it undercovers on small sets like
	// Entry.Bootstrap).
	Delta   float64  `json:"delta"`
	DeltaCI Interval `json:"delta_ci"`
	// Wins and Losses count discordant problems: solved here but not by the
	// best, and the reverse.
	Wins   int `json:"wins"`
	Losses int `json:"losses"`
	// P is the exact McNemar p-value and PAdj the same after Holm's
	// correction over every pair of the set's entries (SetInfo.Comparisons),
	// which holds the family-wise error rate although the best was chosen by
	// the data. BootstrapP is a paired bootstrap test that resamples under
	// the hypothesis of no difference, and BootstrapPAdj it times the family
	// size (Bonferroni over every pair), capped at 1.
	P             float64 `json:"p"`
	PAdj          float64 `json:"p_adj"`
	BootstrapP    float64 `json:"bootstrap_p"`
	BootstrapPAdj float64 `json:"bootstrap_p_adj"`
	// Significant is PAdj < 0.05: this entry is worse than the best.
	Significant bool `json:"significant"`
}

// Pool is everything computed from all samples of one cell (or ensemble) on
// one set.
type Pool struct {
	Set  string `json:"set"`
	Cell string `json:"cell"`
	// Samples counts the samples present, Missing those the cache lacked,
	// NoAnswer those without an extractable answer, Invalid those whose
	// extracted answer cannot vote on the set (on an integer set: not an
	// integer in its range, such as GSM8K's 10.95), Correct those graded
	// right.
	Samples  int `json:"samples"`
	Missing  int `json:"missing"`
	NoAnswer int `json:"no_answer"`
	Invalid  int `json:"invalid,omitempty"`
	Correct  int `json:"correct"`
	// The k-curves run from k = 1 to the smallest number of samples any
	// problem has, each averaged over problems. PassAtK[k-1] is the unbiased
	// pass@k and MajAtK[k-1] the exact majority-vote accuracy of k samples,
	// both over every k-subset of the pool (MajAtK is nil for pools of more
	// than vote.MaxCurvePool samples). AvgAtK[k-1] is lighteval's avg@k: the
	// share of right samples among the first k in sample order. GPassAtK
	// holds G-Pass@k_τ (Liu et al. 2024: the chance that at least ⌈τk⌉ of k
	// samples drawn from the pool are right) per threshold τ, and MGPassAtK
	// its mean over τ in (0.5, 1].
	PassAtK   []float64 `json:"pass_at_k"`
	MajAtK    []float64 `json:"maj_at_k"`
	AvgAtK    []float64 `json:"avg_at_k"`
	GPassAtK  []GPass   `json:"g_pass_at_k"`
	MGPassAtK []float64 `json:"mg_pass_at_k"`
	// SampleAccuracy is the mean accuracy of one sample (avg@n: each
	// problem's share of right samples, averaged over problems) with a
	// cluster-aware Wilson interval (stats.ClusterWilson): samples of one
	// problem count as far as they vary independently of the problem.
	SampleAccuracy Estimate `json:"sample_accuracy"`
	// Agreement is the mean over problems of the share of valid samples that
	// agree with the plurality answer (0-1).
	Agreement float64      `json:"agreement"`
	Buckets   []Bucket     `json:"agreement_buckets"`
	Signals   []Signal     `json:"signals,omitempty"`
	Problems  []ProblemRow `json:"problems"`
	Notes     []int        `json:"notes,omitempty"`
}

// Bucket is the majority-vote accuracy (over the whole pool) of the problems
// whose agreement falls in [Lo, Hi) (Hi = 1 is the closed bucket of unanimous
// problems; Name "none" holds problems without any answer).
type Bucket struct {
	Name     string  `json:"name"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
	Problems int     `json:"problems"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
}

// Signal says how well one per-sample confidence signal separates right
// from wrong answers: mean value on each side and the AUC (the chance a
// random right sample scores above a random wrong one; ties count half).
type Signal struct {
	Name        string  `json:"name"`
	Samples     int     `json:"samples"`
	MeanCorrect float64 `json:"mean_correct"`
	MeanWrong   float64 `json:"mean_wrong"`
	AUC         float64 `json:"auc"`
}

// ProblemRow is one problem of a pool.
type ProblemRow struct {
	ID      string `json:"id"`
	Gold    string `json:"gold"`
	Subject string `json:"subject,omitempty"`
	Level   int    `json:"level,omitempty"`
	Samples int    `json:"samples"`
	Valid   int    `json:"valid"`
	// Invalid counts samples with an extracted answer that cannot vote here
	// (see Pool.Invalid).
	Invalid int `json:"invalid,omitempty"`
	Correct int `json:"correct"`
	// Agreement is the plurality share; Majority the plurality answer over
	// the whole pool and MajorityCorrect whether it is right.
	Agreement       float64 `json:"agreement"`
	Majority        string  `json:"majority"`
	MajorityCorrect bool    `json:"majority_correct"`
}

// Selection is the chosen configuration and how far to trust it.
type Selection struct {
	On     string `json:"on"`
	Metric string `json:"metric"`
	Winner Pick   `json:"winner"`
	// RunnerUp is the second-best entry on On; P its Holm-adjusted McNemar
	// p-value against the winner and Significant whether P < 0.05.
	RunnerUp    *Pick         `json:"runner_up,omitempty"`
	Margin      float64       `json:"margin"`
	P           float64       `json:"p"`
	Significant bool          `json:"significant"`
	Confirm     *Confirmation `json:"confirm,omitempty"`
	// Verdict is one sentence for a report.
	Verdict string `json:"verdict"`
}

// Pick names one entry.
type Pick struct {
	Cell     string   `json:"cell"`
	Setting  string   `json:"setting"`
	Accuracy float64  `json:"accuracy"`
	Wilson   Interval `json:"wilson"`
}

// Confirmation is the winner re-measured on the confirmation set.
type Confirmation struct {
	Set      string   `json:"set"`
	Accuracy float64  `json:"accuracy"`
	Wilson   Interval `json:"wilson"`
	// Moved is the confirmation accuracy minus the selection accuracy.
	Moved float64 `json:"moved"`
	// Rank is the winner's rank on the confirmation set; Best is that set's
	// own best entry.
	Rank int  `json:"rank"`
	Best Pick `json:"best"`
}

// Footnote is a numbered caveat.
type Footnote struct {
	N    int    `json:"n"`
	Code string `json:"code"`
	Text string `json:"text"`
}

func toInterval(lo, hi float64) Interval { return Interval{lo, hi} }

// GPass is the G-Pass@k curve at one threshold.
type GPass struct {
	Tau    float64   `json:"tau"`
	Values []float64 `json:"values"`
}

// Estimate is a point estimate with its interval.
type Estimate struct {
	Estimate float64 `json:"estimate"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
}
