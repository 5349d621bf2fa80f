package budget

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteText prints the ranked policies as a table, then the notes.
func (r *Report) WriteText(w io.Writer) error {
	c := r.Config
	fmt.Fprintf(w, "%d runs of %d problems (drawn from %d recorded), %gs each (%gs margin), %s voting, seed %d\n\n",
		c.Runs, c.Problems, r.Pool, c.TotalS, c.MarginS, c.Method, c.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tpolicy\tscore\tp5-p95\tprivate\tp5-p95\ttime (h)\toverrun\tshort\tstopped\tcut\tsafe")
	for _, p := range r.Policies {
		safe := "yes"
		if !p.Safe {
			safe = "NO"
		}
		fmt.Fprintf(tw, "%d\t%s\t%.2f\t%.1f-%.1f\t%.2f\t%.1f-%.1f\t%.2f\t%.1f%%\t%.1f%%\t%.0f%%\t%.0f%%\t%s\n",
			p.Rank, p.Name, p.Score.Mean, p.Score.P5, p.Score.P95, p.Private.Mean, p.Private.P5, p.Private.P95,
			p.TimeS.Mean/3600, 100*p.Overrun, 100*p.Short, 100*p.Stopped, 100*p.CutOff, safe)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, n := range r.Notes {
		fmt.Fprintf(w, "\n[%d] %s", i+1, n)
	}
	_, err := fmt.Fprintln(w)
	return err
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Best returns the best safe policy, or false when none is.
func (r *Report) Best() (PolicyResult, bool) {
	for _, p := range r.Policies {
		if p.Safe {
			return p, true
		}
	}
	return PolicyResult{}, false
}
