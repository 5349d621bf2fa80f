package answer

import "testing"

func TestFinalKeepsReasoningApart(t *testing.T) {
	tests := []struct {
		name, text, finish, want string
	}{
		{"plain text is its own final", "so \\boxed{7}", "stop", "so \\boxed{7}"},
		{"a truncated attempt abstains", "... 12 + 30 = 42, so far", Truncated, ""},
		{"harmony final channel", "<|channel|>analysis<|message|>maybe \\boxed{3}<|end|><|start|>assistant<|channel|>final<|message|>\\boxed{5}<|return|>", "stop", "\\boxed{5}"},
		{"harmony without a final channel abstains", "<|channel|>analysis<|message|>try 12, then 13", "stop", ""},
		{"harmony's last final message wins", "<|channel|>final<|message|>1<|end|><|start|>assistant<|channel|>final<|message|>2", "", "2"},
		{"think block", "<think>\\boxed{3}?</think>The answer is \\boxed{4}.", "stop", "The answer is \\boxed{4}."},
		{"think never closed abstains", "<think>\\boxed{3} is wrong, try", "", ""},
		{"chat content without markers", "\\[\n\\boxed{336}\n\\]", "stop", "\\[\n\\boxed{336}\n\\]"},
		{"an inequality is no marker", "since $a<b$ and $b < c$, \\boxed{2}", "stop", "since $a<b$ and $b < c$, \\boxed{2}"},
		{"a think block after an inequality", "$1<2$ <think>\\boxed{1}</think>\\boxed{2}", "stop", "\\boxed{2}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Final(tt.text, tt.finish); got != tt.want {
				t.Errorf("Final = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAnExtractedAnswerEqualsItself: Equal cleans what it compares, and one
// pass of Clean can leave what a second removes: the fuzzer found a text
// whose last math, `\$\\`, cleans to `\` (the seed
// testdata/fuzz/FuzzExtract/backslash_left_by_one_clean), which cleans
// again to nothing. Such an answer is still equal to itself; blank answers
// equal nothing.
func TestAnExtractedAnswerEqualsItself(t *testing.T) {
	a := Clean(`\$\\`)
	if a == "" || Clean(a) != "" {
		t.Fatalf("Clean gives %q and then %q: the case this test is about is gone", a, Clean(a))
	}
	if !Equal(a, a) {
		t.Errorf("%q is not equal to itself", a)
	}
	if Equal(" ", " ") || Equal("", "") {
		t.Error("blank answers are equal to each other")
	}
}
