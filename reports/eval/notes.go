package eval

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimo-dev/aimo/reports/stats"
	"github.com/aimo-dev/aimo/reports/vote"
)

// Footnote codes beyond those of package stats.
const (
	CodeKClipped  = "k-clipped"
	CodeNoSignal  = "no-signal"
	CodeTies      = "ties"
	CodeMissing   = "missing"
	CodeLogit     = "logit-scores"
	CodeNoCurve   = "no-curve"
	CodeNoAnswer  = "no-answer"
	CodeNoMembers = "no-members"
	CodeReadOrder = "read-order"
	CodeNoMajK    = "no-maj-curve"
	CodeInvalid   = "invalid-answers"
)

// notes numbers distinct caveats in the order they are first met.
type notes struct {
	index map[Footnote]int
	list  []Footnote
}

func newNotes() *notes { return &notes{index: map[Footnote]int{}} }

func (n *notes) add(code, text string) int {
	key := Footnote{Code: code, Text: text}
	if i, ok := n.index[key]; ok {
		return i
	}
	n.index[key] = len(n.list) + 1
	n.list = append(n.list, Footnote{N: len(n.list) + 1, Code: code, Text: text})
	return len(n.list)
}

// warnings adds the stats package's caveats. Few discordant pairs get one
// text without the count (the entry carries wins and losses), so a large grid
// does not print one footnote per count.
func (n *notes) warnings(ws []stats.Warning) []int {
	var out []int
	for _, w := range ws {
		text := w.Text
		switch w.Code {
		case stats.CodeFewDiscordant:
			text = fmt.Sprintf("fewer than %d problems differ from the best entry (see wins, losses): no difference can be significant at alpha level %g",
				stats.MinDiscordant(alpha), alpha)
		case stats.CodeSmallN:
			if strings.HasPrefix(w.Text, "bootstrap") {
				text = "results.json's percentile bootstrap intervals (bootstrap, delta_ci) " + w.Text +
					"; the continuity-corrected Wilson interval shown here does not"
			}
		}
		out = append(out, n.add(w.Code, text))
	}
	return out
}

// annotate attaches footnotes to entries and pools, numbering them in the
// order the leaderboard prints entries (set by set, best first), then pools.
func (ev *evaluation) annotate() {
	pools := map[[2]string]*pool{}
	for si := range ev.pools {
		for _, pl := range ev.pools[si] {
			pools[[2]string{pl.set.Name, ev.res.Cells[pl.cell].Name}] = pl
		}
	}
	settings := map[string]Setting{}
	for _, s := range append(append([]Setting(nil), ev.grid...), ev.ensembleSettings...) {
		settings[s.Name] = s
	}
	for _, set := range ev.res.Sets {
		for _, e := range ev.res.ranked(set.Name) {
			e.Notes = ev.entryNotes(e, pools[[2]string{e.Set, e.Cell}], settings[e.Setting])
		}
	}
	for i := range ev.res.Pools {
		p := &ev.res.Pools[i]
		p.Notes = ev.poolNotes(p, pools[[2]string{p.Set, p.Cell}])
	}
	ev.res.Footnotes = ev.notes.list
}

func (ev *evaluation) entryNotes(e *Entry, pl *pool, st Setting) []int {
	n := ev.notes
	out := n.warnings(stats.WilsonWarnings(e.Correct, e.Problems))
	out = append(out, n.warnings(stats.BootstrapWarnings(e.Problems))...)
	switch e.ReadOrder {
	case orderFinishing:
		out = append(out, n.add(CodeReadOrder, "early stopping read each problem's samples in finishing order (their recorded latencies), as a notebook that stops generating would"))
	case orderSample:
		out = append(out, n.add(CodeReadOrder, "early stopping read each problem's samples in sample order: the cache records no latency for some samples of this cell, so their finishing order is unknown"))
	}
	if st.K > pl.n {
		out = append(out, n.add(CodeKClipped, fmt.Sprintf("k=%d exceeds the %d samples per problem; all %d were used", st.K, pl.n, pl.n)))
	}
	if pl.logit && pl.readsScores(st.Method) {
		out = append(out, n.add(CodeLogit, logitNote))
	}
	if missing := pl.lacks(st.Method); missing != "" {
		out = append(out, n.add(CodeNoSignal, fmt.Sprintf("%s: no sample carries %s; the vote fell back to majority", st.Method, missing)))
	}
	if e.Ties > 0 {
		out = append(out, n.add(CodeTies, "the deterministic tie rule (more samples, then the earliest sample) decided some votes; see ties"))
	}
	if e.VsBest != nil {
		out = append(out, n.warnings(stats.McNemarWarnings(e.VsBest.Wins, e.VsBest.Losses, alpha))...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// invalidNote explains samples whose extracted answer cannot vote: their
// answers were found, so the extractor's fallbacks are not to blame.
func invalidNote(integer bool) string {
	if integer {
		return "some samples' extracted answers are not integers in the set's range (see invalid; e.g. 10.95 on GSM8K): they abstain from every vote, since the set's answers are integers"
	}
	return "some samples' extracted answers have no comparable form (see invalid): they abstain from every vote"
}

// logitNote explains the votes that read reward scores logged as logits.
const logitNote = "reward scores outside [0, 1] were treated as logits and mapped through the logistic function"

// readsScores says whether method's votes read the reward scores: always
// for score_weighted, and for the confidence methods when the pool's
// confidence signal is the reward score. Majority and the k-curves never do,
// so the logit note marks only the entries it concerns.
func (pl *pool) readsScores(method string) bool {
	switch method {
	case "score_weighted":
		return true
	case "confidence_weighted", "max_confidence", "median_confidence":
		return pl.source == signalReward
	}
	return false
}

// lacks names the signal a weighted method needs when no sample has it.
func (pl *pool) lacks(method string) string {
	switch {
	case method == "entropy_weighted" && !pl.hasEntropy:
		return "a token entropy"
	case method == "score_weighted" && !pl.hasScore:
		return "a reward score"
	}
	return ""
}

func (ev *evaluation) poolNotes(p *Pool, pl *pool) []int {
	n := ev.notes
	var out []int
	if p.Missing > 0 {
		out = append(out, n.add(CodeMissing, fmt.Sprintf("%d samples are missing from the cache; they abstain from every vote", p.Missing)))
	}
	if len(p.PassAtK) > 0 && p.MajAtK == nil {
		out = append(out, n.add(CodeNoMajK, fmt.Sprintf("more than %d samples per problem: maj@k is not computed", vote.MaxCurvePool)))
	}
	if len(p.PassAtK) == 0 && len(pl.set.Problems) > 0 {
		out = append(out, n.add(CodeNoCurve, "some problem has no cached sample, so no k-curve can be drawn"))
	}
	if p.Samples > 0 && p.NoAnswer*10 > p.Samples {
		out = append(out, n.add(CodeNoAnswer, "more than 10% of samples have no extractable answer (see no_answer); check grading.fallbacks"))
	}
	if p.Invalid > 0 {
		out = append(out, n.add(CodeInvalid, invalidNote(pl.set.Integer)))
	}
	if ev.res.Cells[pl.cell].Kind == "ensemble" && len(ev.res.Cells[pl.cell].Members) == 0 {
		out = append(out, n.add(CodeNoMembers, "the ensemble matched no cell"))
	}
	return out
}
