package vote

import (
	"math"
	"slices"
	"testing"
)

func TestReasoningConfidence(t *testing.T) {
	tests := []struct {
		name string
		text string
		want float64
	}{
		{"plain text is neutral", "The answer is 42.", 0.5},
		{"a conclusion and a check raise it", "Therefore x = 3. Let me verify: 3+3=6.", 0.7},
		{"a repeated cue counts once", "therefore therefore THEREFORE", 0.6},
		{"hedges lower it", "Maybe it is 5, I think, but I'm not sure.", 0.2},
		{"clamped at zero", "maybe perhaps possibly i guess i think not sure might be", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReasoningConfidence(tt.text); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("ReasoningConfidence(%q) = %g, want %g", tt.text, got, tt.want)
			}
		})
	}
}

func TestEntropyAndRewardConfidence(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"certain generation", EntropyConfidence(0), 1},
		{"one nat of entropy", EntropyConfidence(1), 1 / math.E},
		{"negative entropy is certain", EntropyConfidence(-0.5), 1},
		{"zero logit is a coin flip", RewardConfidence(0), 0.5},
		{"logistic of 2", RewardConfidence(2), 1 / (1 + math.Exp(-2))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-12 {
				t.Errorf("got %g, want %g", tt.got, tt.want)
			}
		})
	}
}

func TestShareConfidence(t *testing.T) {
	got := ShareConfidence(keys("A", "B", "A", "", "A"))
	want := []float64{0.75, 0.25, 0.75, 0, 0.75}
	if !slices.Equal(got, want) {
		t.Errorf("ShareConfidence = %v, want %v", got, want)
	}
}
