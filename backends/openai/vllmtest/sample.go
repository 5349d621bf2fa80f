package vllmtest

import (
	"math"
	"strconv"
	"strings"
)

var vocab = strings.Fields(`let us compute the sum of both sides so we get then divide by two
	note that each term is positive hence multiply again check case where value equals zero`)

// Answer is the integer in the \boxed{} of the text the server generates for
// prompt under child seed seed (request seed + choice index). For chat requests
// the prompt is every message's content joined with "\n". Tests use it to
// predict what a sweep should score.
func Answer(prompt string, seed int64) int {
	return int(mix(hashString(prompt), uint64(seed)) % 1000)
}

// sample is one generated sequence: reasoning tokens first, then content tokens.
type sample struct {
	tokens    []string
	probs     []float64 // probability of each sampled token
	reasoning int       // how many leading tokens are reasoning
	finish    string
}

// generate builds the sequence for one choice; maxTokens < 0 means no limit.
func generate(prompt string, seed int64, words int, reasoning bool, maxTokens int) sample {
	h := mix(hashString(prompt), uint64(seed))
	var s sample
	if reasoning {
		s.tokens = append(s.tokens, "Thinking:")
		for i := range 4 {
			s.tokens = append(s.tokens, " "+vocab[mix(h, uint64(100+i))%uint64(len(vocab))])
		}
		s.reasoning = len(s.tokens)
	}
	for i := range words {
		w := vocab[mix(h, uint64(i))%uint64(len(vocab))]
		if i > 0 {
			w = " " + w
		}
		s.tokens = append(s.tokens, w)
	}
	s.tokens = append(s.tokens, " The", " answer", " is", " \\boxed{"+strconv.Itoa(Answer(prompt, seed))+"}.")
	s.finish = "stop"
	if maxTokens >= 0 && len(s.tokens) > maxTokens {
		s.tokens, s.finish = s.tokens[:maxTokens], "length"
		s.reasoning = min(s.reasoning, maxTokens)
	}
	s.probs = make([]float64, len(s.tokens))
	for j := range s.probs {
		s.probs[j] = 0.3 + 0.65*unit(mix(h, uint64(1000+j)))
	}
	return s
}

// candidates returns position j's top entries: the sampled token first, then
// alternatives whose probabilities halve, so every position is a valid
// distribution with tail mass left over (as real top-k logprobs are).
func (s sample) candidates(j, k int) []candidate {
	out := []candidate{{s.tokens[j], math.Log(s.probs[j])}}
	rest := 1 - s.probs[j]
	for r := 1; r < k; r++ {
		rest /= 2
		out = append(out, candidate{" ~alt" + strconv.Itoa(r), math.Log(rest)})
	}
	return out
}

type candidate struct {
	token   string
	logprob float64
}

func (s sample) text(from, to int) string { return strings.Join(s.tokens[from:to], "") }

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix is splitmix64 over a and b: cheap, stateless and well spread.
func mix(a, b uint64) uint64 {
	z := a + b*0x9e3779b97f4a7c15 + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }
