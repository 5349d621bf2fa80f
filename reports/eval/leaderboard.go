package eval

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteLeaderboard writes a plain-text table per evaluated set, best entry
// first: rank, cell, voting setting, accuracy with its continuity-corrected
// Wilson interval, the difference from the best with its McNemar p-value
// adjusted over every pair of entries, and the mean samples used; then the
// selection and the numbered footnotes.
func (r *Results) WriteLeaderboard(w io.Writer) error {
	for si, set := range r.Sets {
		if si > 0 {
			fmt.Fprintln(w)
		}
		if err := r.writeSet(w, set); err != nil {
			return err
		}
	}
	if s := r.Selection; s != nil {
		fmt.Fprintf(w, "\nselected: %s\n", s.Verdict)
	}
	if r.Missing > 0 {
		fmt.Fprintf(w, "\n%d samples missing from the cache were treated as abstentions.\n", r.Missing)
	}
	if len(r.Footnotes) > 0 {
		fmt.Fprintln(w)
	}
	for _, f := range r.Footnotes {
		fmt.Fprintf(w, "[%d] %s\n", f.N, f.Text)
	}
	return nil
}

func (r *Results) writeSet(w io.Writer, set SetInfo) error {
	fmt.Fprintf(w, "%s: %d problems, %d%% intervals\n", set.Name, set.Problems, int(r.Confidence*100+0.5))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tcell\tsetting\taccuracy\tinterval\tvs best (p)\tused\tnotes")
	for _, e := range r.ranked(set.Name) {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.3f\t[%.3f, %.3f]\t%s\t%.2f\t%s\n", e.Rank, e.Cell, e.Setting, e.Accuracy,
			e.Wilson.Lo, e.Wilson.Hi, vsBest(e.VsBest), e.MeanUsed, noteMarks(e.Notes))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if line := set.CorrectionLine(); line != "" {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, SettingNote)
	return nil
}

// SettingNote says which samples a leaderboard setting votes on, and how
// that differs from the report's maj@k curve: the two agree only on
// average, so majority@1 (the first sample) and maj@1 (the mean of one
// sample) print different numbers.
const SettingNote = "setting: method@k votes on each problem's first k samples in sample order (stopN reads those k in finishing order and stops once N agree); " +
	"maj@k in the report's k-curves averages over every k-subset instead, so majority@1 scores sample 0 and maj@1 the mean of all samples."

// CorrectionLine says how the set's comparisons with the best are tested
// and corrected, for a footnote under its table; "" with one entry.
func (s SetInfo) CorrectionLine() string {
	if s.Comparisons == 0 {
		return ""
	}
	how := "Holm-adjusted"
	if s.Correction == "bonferroni" {
		how = "Bonferroni-adjusted"
	}
	entries := int(0.5 + (1+math.Sqrt(1+8*float64(s.Comparisons)))/2)
	return fmt.Sprintf("p: exact McNemar test against the best, %s over all %d pairs of the %d entries, so the chance of any false * stays below %g although the best was picked from the data; * marks p below %g.",
		how, s.Comparisons, entries, alpha, alpha)
}

// ranked returns the set's entries in rank order.
func (r *Results) ranked(set string) []*Entry {
	var out []*Entry
	for i := range r.Grid {
		if r.Grid[i].Set == set {
			out = append(out, &r.Grid[i])
		}
	}
	slices.SortFunc(out, func(a, b *Entry) int { return a.Rank - b.Rank })
	return out
}

func vsBest(c *Comparison) string {
	if c == nil {
		return "best"
	}
	mark := ""
	if c.Significant {
		mark = " *"
	}
	return fmt.Sprintf("%+.3f (p=%s)%s", c.Delta, formatP(c.PAdj), mark)
}

// formatP prints p-values with two significant digits, and tiny ones as <0.001.
func formatP(p float64) string {
	if p < 0.001 {
		return "<0.001"
	}
	return strconv.FormatFloat(p, 'g', 2, 64)
}

func noteMarks(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = "[" + strconv.Itoa(n) + "]"
	}
	return strings.Join(parts, "")
}
