package vote

import (
	"math"
	"strings"
)

// ShareConfidence returns, for each sample, the share of valid samples whose
// Key equals its own (0 for invalid samples): the self-consistency signal.
func ShareConfidence(samples []Sample) []float64 {
	var t Tally
	return t.ShareConfidence(samples, nil)
}

// ShareConfidence is the package-level ShareConfidence writing into out
// (grown as needed) and reusing t's scratch space.
func (t *Tally) ShareConfidence(samples []Sample, out []float64) []float64 {
	t.count(samples, 0)
	if cap(out) < len(samples) {
		out = make([]float64, len(samples))
	}
	out = out[:len(samples)]
	for i, g := range t.of {
		out[i] = 0
		if g >= 0 {
			out[i] = float64(t.groups[g].count) / float64(t.valid)
		}
	}
	return out
}

// EntropyConfidence maps a generation's mean token entropy (nats) to (0, 1] as
// exp(−H): 1 for a model that was certain of every token, 1/e at one nat of
// average uncertainty. Negative inputs are treated as 0.
func EntropyConfidence(meanEntropy float64) float64 {
	return math.Exp(-max(meanEntropy, 0))
}

// RewardConfidence maps a raw reward-model score (a logit) to (0, 1] with the
// logistic function, so scores from different reward models share a scale.
func RewardConfidence(score float64) float64 {
	return 1 / (1 + math.Exp(-score))
}

// Cue lists for ReasoningConfidence, matched case-insensitively as substrings.
// They follow the original pipeline's patterns: conclusions and self-checks
// raise confidence, hedges lower it.
var (
	assuranceCues = []string{"therefore", "thus", "hence", "verify", "verified", "check", "confirm"}
	hedgeCues     = []string{"maybe", "i think", "not sure", "perhaps", "might be", "possibly", "i guess"}
)

// ReasoningConfidence scores a generation's text from its wording: it starts
// at 0.5, adds 0.1 for each distinct assurance cue present ("therefore",
// "verify", "check", ...) and subtracts 0.1 for each distinct hedge ("maybe",
// "I think", "not sure", ...), clamped to [0, 1]. Cues count once however often
// they appear, so long generations are not favoured for their length.
func ReasoningConfidence(text string) float64 {
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
