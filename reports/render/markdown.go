package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/reports/eval"
)

// maxMarkdownRows keeps a leaderboard short enough for a PR comment.
const maxMarkdownRows = 15

// Markdown writes the report for a pull-request comment or a CI log.
func (rep *Report) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	d := rep.Doc
	fmt.Fprintf(bw, "# %s\n\n", mdText(d.Experiment))
	if d.Description != "" {
		fmt.Fprintf(bw, "%s\n\n", mdText(d.Description))
	}
	if d.Partial {
		fmt.Fprintf(bw, "> **Partial report:** %d of %d samples are missing from the cache.%s\n\n", d.Missing, d.Expected, rep.mark(CodePartial))
	}
	rep.mdSelection(bw)
	for _, set := range d.Sets {
		rep.mdLeaderboard(bw, set)
	}
	rep.mdVoting(bw)
	rep.mdCurves(bw)
	rep.mdGroups(bw)
	rep.mdCost(bw)
	rep.mdTools(bw)
	rep.mdTrainings(bw)
	rep.mdFootnotes(bw)
	return bw.Flush()
}

// mark returns the footnote reference of the first note with code.
func (rep *Report) mark(code string) string {
	for _, f := range rep.Doc.Footnotes {
		if f.Code == code {
			return marks([]int{f.N})
		}
	}
	return ""
}

func marks(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString("[" + strconv.Itoa(n) + "]")
	}
	return b.String()
}

// mdText escapes what would break a Markdown table cell or start markup.
func mdText(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`")
	return r.Replace(s)
}

func pct(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }

func interval(lo, hi float64) string { return "[" + pct(lo) + ", " + pct(hi) + "]" }

func pValue(p float64) string {
	if p < 0.001 {
		return "<0.001"
	}
	return strconv.FormatFloat(p, 'g', 2, 64)
}

func (rep *Report) mdSelection(w io.Writer) {
	s := rep.Doc.Selection
	if s == nil {
		fmt.Fprint(w, "No configuration was selected: nothing was evaluated on the selection set.\n\n")
		return
	}
	fmt.Fprint(w, "## Selected configuration\n\n")
	fmt.Fprintf(w, "**%s** with **%s**: %s %s %s on %s (selection split).\n\n", mdText(s.Winner.Cell), mdText(s.Winner.Setting),
		s.Metric, pct(s.Winner.Accuracy), interval(s.Winner.Wilson.Lo, s.Winner.Wilson.Hi), mdText(s.On))
	switch {
	case s.RunnerUp == nil:
		fmt.Fprint(w, "- It had no competitor.\n")
	case s.Significant:
		fmt.Fprintf(w, "- Significantly better than the runner-up %s with %s (+%s, McNemar p=%s, Holm-adjusted over all pairs).\n",
			mdText(s.RunnerUp.Cell), mdText(s.RunnerUp.Setting), pct(s.Margin), pValue(s.P))
	default:
		fmt.Fprintf(w, "- **Not** significantly better than the runner-up %s with %s (+%s, McNemar p=%s, Holm-adjusted over all pairs): the choice between them is a coin toss on this data.\n",
			mdText(s.RunnerUp.Cell), mdText(s.RunnerUp.Setting), pct(s.Margin), pValue(s.P))
	}
	if c := s.Confirm; c != nil {
		fmt.Fprintf(w, "- Confirmation split %s: %s %s (%+.3f from selection), rank %d there; that split's own best is %s with %s (%s).\n",
			mdText(c.Set), pct(c.Accuracy), interval(c.Wilson.Lo, c.Wilson.Hi), c.Moved, c.Rank, mdText(c.Best.Cell), mdText(c.Best.Setting), pct(c.Best.Accuracy))
	} else {
		fmt.Fprint(w, "- No confirmation split: the accuracy above is measured on the data it was chosen on, so it is optimistic.\n")
	}
	fmt.Fprintln(w)
}

func (rep *Report) mdLeaderboard(w io.Writer, set eval.SetInfo) {
	entries := rep.Doc.ranked(set.Name)
	fmt.Fprintf(w, "## Leaderboard: %s (%d problems)\n\n", mdText(set.Name), set.Problems)
	fmt.Fprintf(w, "| # | cell | setting | accuracy | %d%% interval | vs best | p (Holm) | samples read | notes |\n", int(rep.Doc.Confidence*100+0.5))
	fmt.Fprint(w, "|--:|---|---|--:|---|--:|--:|--:|---|\n")
	for i, e := range entries {
		if i == maxMarkdownRows {
			fmt.Fprintf(w, "\n%d more entries are in report.html and results.json.\n", len(entries)-i)
			break
		}
		delta, p := "best", ""
		if c := e.VsBest; c != nil {
			delta, p = fmt.Sprintf("%+.3f", c.Delta), pValue(c.PAdj)
			if c.Significant {
				p += " *"
			}
		}
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %.2f | %s |\n", e.Rank, mdText(e.Cell), mdText(e.Setting),
			pct(e.Accuracy), interval(e.Wilson.Lo, e.Wilson.Hi), delta, p, e.MeanUsed, marks(e.Notes))
	}
	if line := set.CorrectionLine(); line != "" {
		fmt.Fprintf(w, "\n%s\n", mdText(line))
	}
	fmt.Fprintf(w, "\n%s\n\n", mdText(eval.SettingNote))
}
