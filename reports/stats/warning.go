package stats

import "fmt"

// Warning is a caveat attached to a statistic. Code is stable and meant for
// machines (tests, JSON consumers); Text is a sentence for a report footnote.
type Warning struct {
	Code, Text string
}

// Warning codes returned by the *Warnings functions.
const (
	CodeSmallN        = "small-n"
	CodeNoData        = "no-data"
	CodeFewDiscordant = "few-discordant"
	CodeAllTied       = "all-tied"
	CodeManyTies      = "many-ties"
)

// smallN is the sample size below which normal-approximation intuitions about an
// interval's width stop holding; 30 is the textbook rule of thumb.
const smallN = 30

// WilsonWarnings returns the caveats for a Wilson interval of successes out of n.
func WilsonWarnings(successes, n int) []Warning {
	switch {
	case n == 0:
		return []Warning{{CodeNoData, "no problems were scored; the accuracy is undefined"}}
	case n < smallN:
		return []Warning{{CodeSmallN, fmt.Sprintf("only %d problems (< %d); the interval is wide and coverage is approximate", n, smallN)}}
	}
	return nil
}

// BootstrapWarnings returns the caveats for a bootstrap over n problems: with few
// problems the resampling distribution is lumpy and percentile intervals undercover.
func BootstrapWarnings(n int) []Warning {
	switch {
	case n == 0:
		return []Warning{{CodeNoData, "no problems to resample"}}
	case n < smallN:
		return []Warning{{CodeSmallN, fmt.Sprintf("bootstrap over only %d problems (< %d); the interval undercovers", n, smallN)}}
	}
	return nil
}
