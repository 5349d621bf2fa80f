package vote

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
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
	found := cuesIn(text)
	score := 0.5
	for i := range assuranceCues {
		if found&(1<<i) != 0 {
			score += 0.1
		}
	}
	for i := range hedgeCues {
		if found&(1<<(len(assuranceCues)+i)) != 0 {
			score -= 0.1
		}
	}
	return min(max(score, 0), 1)
}

// cuesIn returns the cues in text, bit i for allCues[i]. A short ASCII text
// (most final answers) is matched in one pass, with no lowered copy and no
// search per cue; a long one is lowered and searched cue by cue, which
// vector instructions make faster per byte; a non-ASCII one always is, for
// strings.ToLower's Unicode rules (the Kelvin sign lowers to k).
func cuesIn(text string) uint32 {
	if len(text) > shortText || !isASCII(text) {
		lower := strings.ToLower(text)
		var found uint32
		for i, c := range allCues {
			if strings.Contains(lower, c) {
				found |= 1 << i
			}
		}
		return found
	}
	var found uint32
	for i := 0; i < len(text); i++ {
		for _, ci := range cueStarts[lowerASCII(text[i])] {
			if found&(1<<ci) == 0 && hasLowerPrefix(text[i:], allCues[ci]) {
				found |= 1 << ci
			}
		}
	}
	return found
}

// shortText is the longest text cuesIn matches in one pass.
const shortText = 512

// allCues is assuranceCues then hedgeCues; cueStarts lists, for each
// lower-case byte, the indices in allCues of the cues that begin with it.
var (
	allCues   = append(slices.Clip(assuranceCues), hedgeCues...)
	cueStarts = startsOf(allCues)
)

func startsOf(cues []string) (starts [256][]uint8) {
	for i, c := range cues {
		starts[c[0]] = append(starts[c[0]], uint8(i))
	}
	return starts
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// hasLowerPrefix reports whether ASCII s begins with the lower-case cue in
// any case; its first byte has been matched already.
func hasLowerPrefix(s, cue string) bool {
	if len(s) < len(cue) {
		return false
	}
	for j := 1; j < len(cue); j++ {
		if lowerASCII(s[j]) != cue[j] {
			return false
		}
	}
	return true
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
