package vote

import (
	"math"
	"slices"
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

// cuesIn returns the cues in text, bit i for allCues[i]. An ASCII text is
// read once, a byte a step, by an automaton that matches every cue at once
// in any case (cueMachine); a text with other bytes is lowered as
// strings.ToLower lowers it (the Kelvin sign lowers to k) and searched cue
// by cue.
func cuesIn(text string) uint32 {
	m := &cueMachine
	var s uint8
	var found uint32
	for i := 0; i < len(text); i++ {
		s = m.next[s][text[i]]
		found |= m.out[s]
	}
	if s != m.dead {
		return found
	}
	lower := strings.ToLower(text)
	found = 0
	for i, c := range allCues {
		if strings.Contains(lower, c) {
			found |= 1 << i
		}
	}
	return found
}

// allCues is assuranceCues then hedgeCues.
var allCues = append(slices.Clip(assuranceCues), hedgeCues...)

// cueMachine is the Aho-Corasick automaton of allCues as a full table:
// next[s][b] is the state after byte b in state s, an upper-case letter
// stepping as its lower case, and out[s] the cues that end on reaching s.
// A byte outside ASCII leads to dead, which no byte leaves.
var cueMachine = newCueAutomaton(allCues)

type cueAutomaton struct {
	// Indexed by a uint8, the tables need no bounds checks; only the first
	// few dozen states are used.
	next *[256][256]uint8
	out  *[256]uint32
	dead uint8
}

func newCueAutomaton(cues []string) cueAutomaton {
	// The trie of the cues, state 0 its root.
	child := [][128]int{{}}
	out := []uint32{0}
	for i, cue := range cues {
		s := 0
		for j := 0; j < len(cue); j++ {
			if child[s][cue[j]] == 0 {
				child = append(child, [128]int{})
				out = append(out, 0)
				child[s][cue[j]] = len(child) - 1
			}
			s = child[s][cue[j]]
		}
		out[s] |= 1 << i
	}
	if len(child) >= 255 {
		panic("vote: too many cue states")
	}
	m := cueAutomaton{next: new([256][256]uint8), out: new([256]uint32), dead: uint8(len(child))}
	copy(m.out[:], out)
	// Breadth first: a state steps to its trie child, else as its failure
	// state (the longest proper suffix of its text that is a state) does,
	// and ends the cues its failure state ends too.
	fail := make([]int, len(child))
	for queue := []int{0}; len(queue) > 0; queue = queue[1:] {
		s := queue[0]
		for b := range 128 {
			c := child[s][b]
			switch {
			case c != 0:
				if s != 0 {
					fail[c] = int(m.next[fail[s]][b])
				}
				m.out[c] |= m.out[fail[c]]
				m.next[s][b] = uint8(c)
				queue = append(queue, c)
			case s != 0:
				m.next[s][b] = m.next[fail[s]][b]
			}
		}
	}
	for s := range int(m.dead) + 1 {
		for b := 'A'; b <= 'Z'; b++ {
			m.next[s][b] = m.next[s][b+'a'-'A']
		}
		for b := 128; b < 256; b++ {
			m.next[s][b] = m.dead
		}
	}
	for b := range 256 {
		m.next[m.dead][b] = m.dead
	}
	return m
}
