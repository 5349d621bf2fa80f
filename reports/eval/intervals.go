package eval

import "github.com/aimo-dev/aimo/reports/stats"

// problemInterval is the interval of every problem-level accuracy the report
// shows (entries, subjects, levels, the selection): the Wilson score interval
// with continuity correction, whose coverage at AIMO sizes the tests check.
func problemInterval(correct, problems int) Interval {
	return toInterval(stats.WilsonCC(correct, problems, Confidence))
}

// sampleInterval is one sample's mean accuracy over problems with a
// cluster-aware Wilson interval (stats.ClusterWilson).
func sampleInterval(tallies []stats.Tally) Estimate {
	iv := stats.ClusterWilson(tallies, Confidence)
	return Estimate{Estimate: iv.Estimate, Lo: iv.Lo, Hi: iv.Hi}
}
