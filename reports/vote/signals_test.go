package vote

import (
	"fmt"
	"math"
	"slices"
	"strings"
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

// TestReasoningConfidenceMatchesLoweredText checks the one-pass match of
// short ASCII texts against the definition (strings.ToLower, then a search
// per cue) where the two could part: cues at the edges, overlapping, in
// upper case, cut short, and non-ASCII text, whose Unicode lowering (the
// Kelvin sign is a k) a byte-wise fold would miss.
func TestReasoningConfidenceMatchesLoweredText(t *testing.T) {
	texts := []string{
		"", "thus", "THUS", "tHeReFoRe", "therefor", "xthereforex", "verifiedcheck", "chec",
		"I THINK so, Possibly", "i  think", "might be maybe", "not sur", "hence.", "HENCE",
		"so we CHEC\u212a it", "\u0130 think", "Therefore ∑ = 3, I guess", "per haps perhaps",
		strings.Repeat("a", 507) + "thus", strings.Repeat("a", 512) + "Maybe", "thuS" + strings.Repeat("x", 5000) + "\u212a",
	}
	for _, text := range texts {
		want := definedConfidence(text)
		if got := ReasoningConfidence(text); got != want {
			t.Errorf("ReasoningConfidence(%.40q) = %v, want %v", text, got, want)
		}
	}
}

// FuzzReasoningConfidence holds the automaton to the definition on any
// text.
func FuzzReasoningConfidence(f *testing.F) {
	for _, s := range []string{"Therefore, I THINK so", "thenthus", "hhence", "i guesi guess", "notnot sure", "\u212a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := ReasoningConfidence(text), definedConfidence(text); got != want {
			t.Errorf("ReasoningConfidence(%q) = %v, want %v", text, got, want)
		}
	})
}

func definedConfidence(text string) float64 {
	lower := strings.ToLower(text)
	score := 0.5
	for _, cue := range assuranceCues {
		if strings.Contains(lower, cue) {
			score += 0.1
		}
	}
	for _, cue := range hedgeCues {
		if strings.Contains(lower, cue) {
			score -= 0.1
		}
	}
	return min(max(score, 0), 1)
}

// BenchmarkReasoningConfidence scores a short final answer, and a long
// chain of thought (10 KB) as reasoning models write them.
func BenchmarkReasoningConfidence(b *testing.B) {
	short := "We add the two numbers and carry the one, so the sum is 127. Therefore the answer is $\\boxed{127}$."
	long := strings.Repeat("Let n be the number of ways to split the set; we count the cases with a recursion. ", 120) + short
	for _, text := range []string{short, long} {
		b.Run(fmt.Sprintf("bytes=%d", len(text)), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				ReasoningConfidence(text)
			}
		})
	}
}
