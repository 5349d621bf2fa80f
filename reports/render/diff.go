package render

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/aimo-dev/aimo/reports/stats"
)

// Diff compares two reports entry by entry: every set × cell × setting
// present in both, paired problem by problem.
type Diff struct {
	// Shared holds the entries both reports have, in the first report's
	// grid order.
	Shared []CellDiff
	// OnlyA and OnlyB name the entries ("set / cell / setting") one report
	// lacks.
	OnlyA, OnlyB []string
	// Tested counts the paired comparisons PAdj is corrected over: those in
	// which some shared problem changed.
	Tested int
}

// CellDiff is one entry in both reports.
type CellDiff struct {
	Set, Cell, Setting string
	// A and B are the accuracies each report gives, on its own problems;
	// SharedA and SharedB on the problems both scored (when Paired).
	A, B             float64
	SharedA, SharedB float64
	// Paired says both carry per-problem outcomes (results.json's
	// grid[].solved) and scored at least one problem in common. Then Shared counts the problems both scored, Lost and
	// Gained the discordant ones (solved in A only, in B only), P the exact
	// McNemar p-value on them and PAdj P after Holm's correction over
	// every paired comparison of the diff.
	Paired       bool
	Shared       int
	Lost, Gained int
	P, PAdj      float64
}

// Delta is B's accuracy minus A's on the problems both scored when paired,
// else on each report's own problems.
func (d CellDiff) Delta() float64 {
	if d.Paired {
		return d.SharedB - d.SharedA
	}
	return d.B - d.A
}

// DiffDocuments pairs the entries of a and b.
func DiffDocuments(a, b *Document) Diff {
	var out Diff
	inB := map[[3]string]*Entry{}
	for i := range b.Grid {
		e := &b.Grid[i]
		inB[[3]string{e.Set, e.Cell, e.Setting}] = e
	}
	seen := map[[3]string]bool{}
	var ps []float64
	for i := range a.Grid {
		ea := &a.Grid[i]
		key := [3]string{ea.Set, ea.Cell, ea.Setting}
		seen[key] = true
		eb, ok := inB[key]
		if !ok {
			out.OnlyA = append(out.OnlyA, entryName(ea))
			continue
		}
		d := pairEntries(a, b, ea, eb)
		if d.tested() {
			ps = append(ps, d.P)
		}
		out.Shared = append(out.Shared, d)
	}
	for i := range b.Grid {
		e := &b.Grid[i]
		if !seen[[3]string{e.Set, e.Cell, e.Setting}] {
			out.OnlyB = append(out.OnlyB, entryName(e))
		}
	}
	adj := stats.Holm(ps)
	out.Tested = len(ps)
	j := 0
	for i := range out.Shared {
		switch d := &out.Shared[i]; {
		case d.tested():
			d.PAdj = adj[j]
			j++
		case d.Paired:
			d.PAdj = 1
		}
	}
	return out
}

// tested says the entry's McNemar test is in Holm's family: it is paired and
// some shared problem changed. With no discordant problem the exact test's p
// is 1 whatever happens, a test that can never reject; leaving it out of the
// family (Tarone's argument) keeps the error rate and does not dilute the
// others' correction with comparisons of identical entries.
func (d *CellDiff) tested() bool { return d.Paired && d.Lost+d.Gained > 0 }

func entryName(e *Entry) string { return e.Set + " / " + e.Cell + " / " + e.Setting }

// pairEntries compares one entry of a with the same entry of b, problem by
// problem (by ID) when both carry outcomes.
func pairEntries(a, b *Document, ea, eb *Entry) CellDiff {
	d := CellDiff{Set: ea.Set, Cell: ea.Cell, Setting: ea.Setting, A: ea.Accuracy, B: eb.Accuracy}
	was, okA := outcomesByID(a, ea)
	now, okB := outcomesByID(b, eb)
	if !okA || !okB {
		return d
	}
	d.Paired = true
	var before, after int
	for _, id := range problemOrder(b, eb.Set) {
		w, ok := was[id]
		if !ok {
			continue
		}
		o := now[id]
		d.Shared++
		before, after = before+b2i(w), after+b2i(o)
		switch {
		case w && !o:
			d.Lost++
		case !w && o:
			d.Gained++
		}
	}
	if d.Shared == 0 {
		// Disjoint problems (a set renamed onto other data): nothing to
		// pair, and a p of 1 would only dilute Holm's correction.
		d.Paired = false
		return d
	}
	d.SharedA, d.SharedB = float64(before)/float64(d.Shared), float64(after)/float64(d.Shared)
	d.P = stats.McNemarExact(d.Lost, d.Gained)
	return d
}

// outcomesByID maps the entry's problem IDs to whether it solved them;
// false when the report carries no per-problem outcomes for it.
func outcomesByID(d *Document, e *Entry) (map[string]bool, bool) {
	ids := problemOrder(d, e.Set)
	if e.Solved == "" || len(ids) != len(e.Solved) {
		return nil, false
	}
	out := make(map[string]bool, len(ids))
	for i, id := range ids {
		out[id] = e.Solved[i] == '1'
	}
	return out, true
}

func problemOrder(d *Document, set string) []string {
	for _, p := range d.Problems {
		if p.Set == set {
			return p.IDs
		}
	}
	return nil
}

// WriteDiff prints the diff as a table: accuracies, the paired delta and
// its exact McNemar test, then the entries only one side has.
func (df Diff) WriteDiff(w io.Writer, nameA, nameB string) error {
	fmt.Fprintf(w, "A: %s\nB: %s\n\n", nameA, nameB)
	if len(df.Shared) == 0 {
		// No table and no legend for it: say so, then what each side has.
		fmt.Fprintln(w, "no set / cell / setting is in both reports: nothing to compare")
		df.writeOnly(w)
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "set\tcell\tsetting\tA\tB\tdelta\tshared\tlost\tgained\tp\tp (Holm)")
	for _, d := range df.Shared {
		if !d.Paired {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%+.3f\t-\t-\t-\t-\t-\n", printable(d.Set), printable(d.Cell), printable(d.Setting), pct(d.A), pct(d.B), d.Delta())
			continue
		}
		mark := ""
		if d.PAdj < CheckAlpha {
			mark = " *"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%+.3f\t%d\t%d\t%d\t%s\t%s%s\n", printable(d.Set), printable(d.Cell), printable(d.Setting), pct(d.SharedA), pct(d.SharedB), d.Delta(),
			d.Shared, d.Lost, d.Gained, pValue(d.P), pValue(d.PAdj), mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	df.writeFooter(w)
	return nil
}

func (df Diff) writeFooter(w io.Writer) {
	paired := 0
	for _, d := range df.Shared {
		if d.Paired {
			paired++
		}
	}
	fmt.Fprintf(w, "\nA, B and delta (B − A) are accuracies on the problems both reports scored (shared). "+
		"p: exact McNemar test on them (lost: solved in A only; gained: in B only), Holm-adjusted over the %d of %d paired comparisons in which some problem changed "+
		"(an entry that solves the same problems in both cannot differ, and is left out of the correction); * marks p (Holm) below %g.\n",
		df.Tested, paired, CheckAlpha)
	if slices.ContainsFunc(df.Shared, func(d CellDiff) bool { return !d.Paired }) {
		fmt.Fprintln(w, "Entries marked - have no per-problem outcomes in one report (written before results.json carried grid[].solved), or no problem ID in common: A and B are on each report's own problems, unpaired.")
	}
	df.writeOnly(w)
}

// writeOnly lists the entries only one report has.
func (df Diff) writeOnly(w io.Writer) {
	for _, name := range df.OnlyA {
		fmt.Fprintf(w, "only in A: %s\n", printable(name))
	}
	for _, name := range df.OnlyB {
		fmt.Fprintf(w, "only in B: %s\n", printable(name))
	}
}
