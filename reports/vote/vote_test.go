package vote

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func f(v float64) *float64 { return &v }

// keys builds valid samples whose Answer and Key are the given strings; "" is
// an invalid sample.
func keys(ks ...string) []Sample {
	out := make([]Sample, len(ks))
	for i, k := range ks {
		out[i] = Sample{Index: i, Answer: k, Key: k, Valid: k != ""}
	}
	return out
}

// withConf sets Confidence on samples in order.
func withConf(s []Sample, conf ...float64) []Sample {
	for i, c := range conf {
		s[i].Confidence = c
	}
	return s
}

func withEntropy(s []Sample, h ...*float64) []Sample {
	for i, v := range h {
		s[i].Entropy = v
	}
	return s
}

func withScore(s []Sample, sc ...*float64) []Sample {
	for i, v := range sc {
		s[i].Score = v
	}
	return s
}

func TestVote(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		samples []Sample
		opts    Options
		want    Result
	}{
		{"majority groups by key not answer text", "majority",
			[]Sample{{Answer: "0.5", Key: "1/2", Valid: true}, {Answer: "3", Key: "3", Valid: true}, {Answer: "1/2", Key: "1/2", Valid: true}},
			Options{}, Result{Key: "1/2", Answer: "0.5", Votes: 2, Share: 2.0 / 3, Used: 3}},
		{"invalid samples never win", "majority",
			[]Sample{{Key: "7"}, {Key: "7"}, {Key: "7"}, {Answer: "5", Key: "5", Valid: true}},
			Options{}, Result{Key: "5", Answer: "5", Votes: 1, Share: 1, Used: 4, Unanimous: true}},
		{"all invalid is no answer", "majority", keys("", "", ""), Options{}, Result{Used: 3}},
		{"tie goes to the answer seen first", "majority", keys("B", "A", "A", "B", "C"),
			Options{}, Result{Key: "B", Answer: "B", Votes: 2, Share: 0.4, Used: 5, Tie: true}},
		{"unanimous answers when every sample agrees", "unanimous", keys("4", "4", "4"),
			Options{}, Result{Key: "4", Answer: "4", Votes: 3, Share: 1, Used: 3, Unanimous: true}},
		{"unanimous abstains on one disagreement", "unanimous", keys("4", "5", "4"),
			Options{}, Result{Used: 3}},
		{"unanimous abstains when a sample has no answer", "unanimous", keys("4", "", "4"),
			Options{}, Result{Used: 3}},
		{"unanimous with early stop judges the samples read", "unanimous", keys("4", "4", "5"),
			Options{EarlyStop: 2}, Result{Key: "4", Answer: "4", Votes: 2, Share: 1, Used: 2, Unanimous: true}},
		{"confidence weighted lets one sure sample beat two unsure", "confidence_weighted",
			withConf(keys("A", "B", "B"), 0.9, 0.2, 0.3),
			Options{}, Result{Key: "A", Answer: "A", Votes: 0.9, Share: 1.0 / 3, Used: 3}},
		{"equal weight goes to the key with more samples", "confidence_weighted",
			withConf(keys("A", "B", "B"), 0.5, 0.25, 0.25),
			Options{}, Result{Key: "B", Answer: "B", Votes: 0.5, Share: 2.0 / 3, Used: 3, Tie: true}},
		{"zero confidence everywhere falls back to majority", "confidence_weighted", keys("A", "B", "B"),
			Options{}, Result{Key: "B", Answer: "B", Votes: 2, Share: 2.0 / 3, Used: 3}},
		{"max confidence follows the surest sample", "max_confidence",
			withConf(keys("B", "A", "B"), 0.9, 0.95, 0.9),
			Options{}, Result{Key: "A", Answer: "A", Votes: 0.95, Share: 1.0 / 3, Used: 3}},
		{"median confidence ignores one lucky sample", "median_confidence",
			withConf(keys("A", "A", "A", "B"), 0.9, 0.1, 0.2, 0.5),
			Options{}, Result{Key: "B", Answer: "B", Votes: 0.5, Share: 0.25, Used: 4}},
		{"numeric average picks the given answer nearest the mean", "numeric_average", keys("10", "10", "20", "30", "100"),
			Options{}, Result{Key: "30", Answer: "30", Votes: 1, Share: 0.2, Used: 5}},
		{"numeric average ignores non-integers", "numeric_average", keys("x", "x", "x", "6"),
			Options{}, Result{Key: "6", Answer: "6", Votes: 1, Share: 0.25, Used: 4}},
		{"numeric average without integers is majority", "numeric_average", keys("x", "y", "x"),
			Options{}, Result{Key: "x", Answer: "x", Votes: 2, Share: 2.0 / 3, Used: 3}},
		{"entropy weighted favours a low-entropy sample", "entropy_weighted",
			withEntropy(keys("A", "B", "B", "B"), f(0.1), f(1), f(1), f(1)),
			Options{}, Result{Key: "A", Answer: "A", Votes: 10, Share: 0.25, Used: 4}},
		{"entropy weighted gives missing entropy the median weight", "entropy_weighted",
			withEntropy(keys("A", "B", "B", "B"), f(0.1), nil, nil, f(1)),
			Options{}, Result{Key: "B", Answer: "B", Votes: 12, Share: 0.75, Used: 4}},
		{"score weighted follows the reward model", "score_weighted",
			withScore(keys("A", "B", "B"), f(0.9), f(0.2), f(-3)),
			Options{}, Result{Key: "A", Answer: "A", Votes: 0.9, Share: 1.0 / 3, Used: 3}},
		{"score weighted without scores is majority", "score_weighted", keys("A", "B", "B"),
			Options{}, Result{Key: "B", Answer: "B", Votes: 2, Share: 2.0 / 3, Used: 3}},
		{"early stop halts once m answers agree", "majority", keys("A", "B", "A", "B", "B", "B"),
			Options{EarlyStop: 2}, Result{Key: "A", Answer: "A", Votes: 2, Share: 2.0 / 3, Used: 3}},
		{"early stop counts only valid samples", "majority", keys("", "", "C", "", "C", "D"),
			Options{EarlyStop: 2}, Result{Key: "C", Answer: "C", Votes: 2, Share: 1, Used: 5, Unanimous: true}},
		{"early stop never reached reads everything", "majority", keys("A", "B", "C"),
			Options{EarlyStop: 2}, Result{Key: "A", Answer: "A", Votes: 1, Share: 1.0 / 3, Used: 3, Tie: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Vote(tt.method, tt.samples, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Vote(%s) =\n %+v, want\n %+v", tt.method, got, tt.want)
			}
			if got.NoAnswer() != (tt.want.Key == "") {
				t.Errorf("NoAnswer() = %v", got.NoAnswer())
			}
		})
	}
}

func TestVoteUnknownMethodListsValidNames(t *testing.T) {
	_, err := Vote("majorty", keys("A"), Options{})
	var unknown *UnknownMethodError
	if !errors.As(err, &unknown) || unknown.Name != "majorty" {
		t.Fatalf("err = %v, want *UnknownMethodError", err)
	}
	for _, name := range Methods() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %s", err, name)
		}
	}
}

func TestMethodsAreSortedAndComplete(t *testing.T) {
	want := []string{"confidence_weighted", "entropy_weighted", "majority", "max_confidence",
		"median_confidence", "numeric_average", "score_weighted", "unanimous"}
	if got := Methods(); !slices.Equal(got, want) {
		t.Errorf("Methods() = %v, want %v", got, want)
	}
}

func TestTallyKeepsManyDistinctKeysApart(t *testing.T) {
	// More distinct keys than the linear scan handles, so the map index is used;
	// "k7" appears three times and must win.
	var ks []string
	for i := range 40 {
		ks = append(ks, "k"+string(rune('A'+i)))
	}
	ks = append(ks, "kH", "kH")
	var tally Tally
	for range 2 { // the second round reuses a tally whose index is already built
		got, _ := tally.Vote("majority", keys(ks...), Options{})
		if got.Key != "kH" || got.Votes != 3 || got.Tie {
			t.Fatalf("Vote = %+v, want kH with 3 votes", got)
		}
	}
}

func TestTallyVoteDoesNotAllocate(t *testing.T) {
	s := withScore(withEntropy(withConf(keys("1", "2", "1", "", "3", "2", "1", "5"),
		0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8), f(1), nil, f(0.5), nil, f(2), f(1), nil, f(0.3)),
		f(0.1), f(0.9), nil, nil, f(0.2), f(0.3), f(0.4), f(0.5))
	var tally Tally
	for _, m := range Methods() {
		allocs := testing.AllocsPerRun(50, func() { tally.Vote(m, s, Options{EarlyStop: 3}) })
		if allocs != 0 {
			t.Errorf("%s: %v allocations per vote with a reused Tally, want 0", m, allocs)
		}
	}
}

func TestAgreement(t *testing.T) {
	tests := []struct {
		name    string
		samples []Sample
		want    float64
	}{
		{"plurality share among valid samples", keys("A", "A", "B", ""), 2.0 / 3},
		{"all agree", keys("A", "A"), 1},
		{"no valid sample", keys("", ""), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Agreement(tt.samples); got != tt.want {
				t.Errorf("Agreement = %g, want %g", got, tt.want)
			}
		})
	}
}

// TestStopperStopsWhereVoteStops: a caller gathering samples in its own
// order (finishing order) stops at the sample where Vote over what it has
// gathered stops, abstentions included, so voting on the prefix gives the
// result voting on everything gives.
func TestStopperStopsWhereVoteStops(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 2000 {
		n, stop := 1+r.IntN(20), r.IntN(5)
		samples := make([]Sample, n)
		for i := range samples {
			samples[i] = Sample{Index: i, Key: fmt.Sprint(r.IntN(3)), Valid: r.IntN(6) > 0, Answer: "a"}
			if r.IntN(8) == 0 {
				samples[i].Key = ""
			}
		}
		var st Stopper
		prefix := n
		for i := range samples {
			if st.Add(&samples[i], stop) {
				prefix = i + 1
				break
			}
		}
		var tl Tally
		all, err := tl.Vote("majority", samples, Options{EarlyStop: stop})
		if err != nil {
			t.Fatal(err)
		}
		part, _ := tl.Vote("majority", samples[:prefix], Options{EarlyStop: stop})
		if all != part || all.Used != prefix {
			t.Fatalf("trial %d (stop %d): whole %+v, prefix of %d %+v", trial, stop, all, prefix, part)
		}
	}
}
