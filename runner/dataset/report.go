package dataset

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteLoadReport prints what loading a dataset kept, dropped and found
// duplicated, drop reasons sorted by name.
func WriteLoadReport(w io.Writer, s *Set) {
	r := s.Report
	fmt.Fprintf(w, "dataset %s: %d problems kept of %d read from %s\n", s.Name, r.Kept, r.Read, r.Path)
	reasons := make([]string, 0, len(r.Dropped))
	for reason := range r.Dropped {
		reasons = append(reasons, reason)
	}
	slices.Sort(reasons)
	for _, reason := range reasons {
		fmt.Fprintf(w, "  dropped %d: %s\n", r.Dropped[reason], reason)
	}
	for _, d := range r.Duplicates {
		fmt.Fprintf(w, "  duplicate %s (%s) repeats %s (%s)\n", d.ID, d.Source, d.FirstID, d.FirstSource)
	}
}

// WriteSplitReport prints the split's totals and a table of its strata.
func WriteSplitReport(w io.Writer, r SplitReport) {
	totals := make([]string, len(r.Splits))
	for i, name := range r.Splits {
		totals[i] = fmt.Sprintf("%s %d", name, r.Totals[name])
	}
	fmt.Fprintf(w, "split of %s by %s (seed %d): %s\n", r.Dataset, strings.Join(r.By, ", "), r.Seed, strings.Join(totals, ", "))
	// The stratum column is padded by hand so it reads left-aligned while the
	// counts align right.
	head := strings.Join(r.By, "|")
	width := len(head)
	for _, st := range r.Strata {
		width = max(width, len(st.Key))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  %-*s\ttotal\t%s\t\n", width, head, strings.Join(r.Splits, "\t"))
	for _, st := range r.Strata {
		row := make([]string, len(r.Splits))
		for i, name := range r.Splits {
			row[i] = fmt.Sprint(st.Counts[name])
		}
		fmt.Fprintf(tw, "  %-*s\t%d\t%s\t\n", width, st.Key, st.Total, strings.Join(row, "\t"))
	}
	tw.Flush()
}

// WriteStats prints a set's counts by answer type, subject and level.
func WriteStats(w io.Writer, st Stats) {
	fmt.Fprintf(w, "%s: %d problems, answers %d integer / %d other\n", st.Name, st.Problems, st.Integer, st.Other)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range st.BySubject {
		fmt.Fprintf(tw, "  subject\t%s\t%d\n", c.Label, c.N)
	}
	for _, c := range st.ByLevel {
		fmt.Fprintf(tw, "  level\t%s\t%d\n", c.Label, c.N)
	}
	tw.Flush()
}

// WriteAudit prints each failure with its source, in set order, then a
// summary line.
func WriteAudit(w io.Writer, name string, checked int, fails []AuditFailure) {
	for _, f := range fails {
		fmt.Fprintf(w, "%s: %s %s: gold %q", f.Source, f.ID, f.Check, f.Gold)
		if f.Check == CheckExtract {
			fmt.Fprintf(w, ", extracted %q", f.Extracted)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "audit %s: %d problems, %d failures\n", name, checked, len(fails))
}
