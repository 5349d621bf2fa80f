package dataset

import (
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	p := Problem{Text: "Is {answer} = {x}?", Answer: "7", Subject: "Algebra", Solution: "So $\\boxed{7}$."}
	tests := []struct{ name, tmpl, want string }{
		{"every placeholder", "{subject}: {problem} / {solution} / {answer}", "Algebra: Is {answer} = {x}? / So $\\boxed{7}$. / 7"},
		{"placeholders inside the problem stay literal", "{problem}", "Is {answer} = {x}?"},
		{"unknown placeholder and stray braces", "{x} {{answer}} \\boxed{} {", "{x} {7} \\boxed{} {"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Fill(tt.tmpl); got != tt.want {
				t.Errorf("Fill(%q) = %q, want %q", tt.tmpl, got, tt.want)
			}
		})
	}
	bare := Problem{Answer: "12"}
	if got, want := bare.Fill("{solution}"), "The final answer is $\\boxed{12}$."; got != want {
		t.Errorf("without a solution: %q, want %q", got, want)
	}
}

// TestNormText: texts that differ only in case and white space normalise
// alike, by the definition the duplicate checks and few-shot exclusions
// have always used.
func TestNormText(t *testing.T) {
	for _, s := range []string{
		"", " ", "  \t\n", "a", "What is 1 + 2?", "what is 1 + 2?", " What  is\t1 +\n2? ", "A\vB\fC\rD",
		"already normal", "trailing ", " leading", "double  space", "ÉCOLE  Straße", "x\u00a0y", "x\u0085y",
		"\xff\xfe BAD utf8", "MiXeD CaSe\r\n", "Σ ς", "İstanbul",
	} {
		if got, want := NormText(s), normTextDefinition(s); got != want {
			t.Errorf("NormText(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzNormText: NormText is its definition on any text.
func FuzzNormText(f *testing.F) {
	for _, seed := range []string{"", "What  IS\t1?", "Straße ", "\xff"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormText(s), normTextDefinition(s); got != want {
			t.Fatalf("NormText(%q) = %q, want %q", s, got, want)
		}
	})
}

func normTextDefinition(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
