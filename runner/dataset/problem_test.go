package dataset

import "testing"

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
