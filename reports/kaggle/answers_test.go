package kaggle

import (
	"errors"
	"slices"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// cached is one item of cell 0 on set "val" whose samples say texts; an
// empty text is a failed generation, "-" a missing one.
func cached(id string, cell int, texts ...string) runner.ItemSamples {
	is := runner.ItemSamples{Item: &runner.Item{Cell: cell, Set: "val", Problem: dataset.Problem{ID: id}}}
	for _, t := range texts {
		switch t {
		case "-":
			is.Samples = append(is.Samples, nil)
		case "":
			is.Samples = append(is.Samples, &cache.Row{Err: "server error"})
		default:
			is.Samples = append(is.Samples, &cache.Row{Completion: backends.Completion{Text: t, FinishReason: "stop"}})
		}
	}
	return is
}

func TestFromCacheVotesLikeTheNotebook(t *testing.T) {
	items := []runner.ItemSamples{
		cached("agree", 0, `\boxed{5}`, `\boxed{5}`, `\boxed{7}`, `\boxed{7}`, `\boxed{7}`),
		cached("other-cell", 1, `\boxed{1}`),
		cached("failed", 0, "", "-", ""),
		cached("out-of-range", 0, `\boxed{100000}`, `\boxed{-3}`, `no answer`),
		cached("modulo-free", 0, `the answer is \boxed{42.0}`),
	}
	r := AIMO3
	ans, err := FromCache(items, 0, "val", Voting{Method: "majority", Attempts: 3}, r, answer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{"agree", 5}, {"failed", 0}, {"out-of-range", 0}, {"modulo-free", 42}}
	if !slices.Equal(ans.Rows, want) {
		t.Errorf("rows %v, want %v (majority over the first 3 samples; no answer in range gets the fallback)", ans.Rows, want)
	}
	if !slices.Equal(ans.IDs, []string{"agree", "failed", "out-of-range", "modulo-free"}) || ans.Fallbacks != 2 || ans.Fallback != 0 {
		t.Errorf("ids %v, %d fallbacks of %d", ans.IDs, ans.Fallbacks, ans.Fallback)
	}
	all, err := FromCache(items[:1], 0, "val", Voting{Method: "majority", Attempts: 5}, r, answer.Options{})
	if err != nil || all.Rows[0].Answer != 7 {
		t.Errorf("majority over all 5 samples = %v, %v; want 7", all.Rows, err)
	}
	r.Lo = 10
	if FallbackAnswer(r) != 10 {
		t.Errorf("the fallback is not the range's lowest value")
	}
	_, err = FromCache([]runner.ItemSamples{cached("lost", 0, "-", "-")}, 0, "val", Voting{Method: "majority", Attempts: 2}, AIMO3, answer.Options{})
	var none *NoSamplesError
	if !errors.As(err, &none) || none.Problem != "lost" {
		t.Errorf("a problem with no cached sample: %v, want a NoSamplesError", err)
	}
}
