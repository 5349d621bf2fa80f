package answer

import "testing"

func TestExtract(t *testing.T) {
	cases := []struct {
		name, text, want string
		ok               bool
	}{
		{"last box wins", `first \boxed{3} then \boxed{5}`, "5", true},
		{"nested braces", `so \boxed{\frac{1}{2}}.`, `\frac{1}{2}`, true},
		{"fbox", `\fbox{12}`, "12", true},
		{"box without braces", `answer \boxed 7 done`, "7", true},
		{"unclosed last box falls back to earlier box", `\boxed{4} and \boxed{5`, "4", true},
		{"boxes joined by and form a set", `\boxed{1} and \boxed{2}`, `\{1, 2\}`, true},
		{"repeated box collapses", `\boxed{143} **Final Answer** \boxed{143}`, "143", true},
		{"text wrapper stripped", `\boxed{\text{Evelyn}}`, "Evelyn", true},
		{"degrees stripped", `\boxed{90^\circ}`, "90", true},
		{"left right stripped", `\boxed{\left( 3, \frac{\pi}{2} \right)}`, `( 3, \frac{\pi}{2} )`, true},
		{"thousands separator", `\boxed{1,000}`, "1000", true},
		{"latex thousands", `\boxed{14{,}916}`, "14916", true},
		{"thin-space thousands", `\boxed{11,\! 111,\! 100}`, "11111100", true},
		{"trailing period", `The final answer is 12.`, "12", true},
		{"final answer with math", `Final Answer: The final answer is $\frac{3}{4}$. I hope it is correct.`, `\frac{3}{4}`, true},
		{"gsm8k marker", "so 5+5=10\n#### 10", "10", true},
		{"answer colon", "She has 3 left\nA: 26", "26", true},
		{"last number", "we get 3 apples then 4 pears", "4", true},
		{"negative last number", "the result is -17", "-17", true},
		{"nothing", "no digits here", "", false},
		{"signed box", `\boxed{-5}`, "-5", true},
		{"dollar box", `\boxed{\$18}`, "18", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Extract(c.text, Options{})
			if got != c.want || ok != c.ok {
				t.Errorf("Extract(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	cases := []struct {
		name, gold, pred string
		want             bool
	}{
		{"same integer", "42", "42", true},
		{"integer vs float", "42", "42.0", true},
		{"different integers", "42", "43", false},
		{"thousands", "7425000", "7,425,000", true},
		{"frac vs decimal", `\frac{1}{2}`, "0.5", true},
		{"dfrac vs slash", `\dfrac{3}{4}`, "3/4", true},
		{"short frac", `\frac32`, "1.5", true},
		{"mixed number", `2\frac58`, "2.625", true},
		{"wrong fraction", `\frac{1}{3}`, `\frac{1}{4}`, false},
		{"rounded decimal", `\frac{1}{12}`, "0.0833", true},
		{"bad rounding", `\frac{1}{3}`, "0.34", false},
		{"one decimal place is not rounding", "5", "5.1", false},
		{"percent equals number", `10\%`, "10", true},
		{"percent equals fraction", `10\%`, "0.1", true},
		{"radical", `3\sqrt{13}`, `\sqrt{117}`, true},
		{"radical short form", `\sqrt3`, `\sqrt{3}`, true},
		{"wrong radical", `4`, `4\sqrt{2}`, false},
		{"pi", `\frac{9}{4}\pi`, `\frac94\pi`, true},
		{"scientific", `2.314814814815 \times 10^{-3}`, `\frac{1}{432}`, true},
		{"closed interval", "[-2,7]", "[-2, 7]", true},
		{"interval brackets matter", "[0,1)", "(0,1)", false},
		{"infinite interval", `(1, \infty)`, `(1,+\infty)`, true},
		{"union", `(-\infty,2)\cup(3,\infty)`, `(-\infty, 2) \cup (3, \infty)`, true},
		{"tuple order matters", "(3,1)", "(1,3)", false},
		{"tuple", `(1,\frac{9}{2})`, "(1,4.5)", true},
		{"set unordered", `\{1,2,3\}`, `\{3,1,2\}`, true},
		{"set different", `\{1,2\}`, `\{1,3\}`, false},
		{"bare list keeps order", "10, 4, -2", "4, 10, -2", false},
		{"list of tuples unordered", "(1,2),(3,4)", "(3,4),(1,2)", true},
		{"labelled equation", "x=3", "3", true},
		{"label both sides", "k = 1", "k=1", true},
		{"equation chain", "x = 5+5+1 = 11", "11", true},
		{"equation not labelled", "a+3z=0", "0", false},
		{"equation scaled", "2x+4y-3=0", `y=-\frac{1}{2}x+\frac{3}{4}`, true},
		{"equation different plane", "5x - 7y + 11z + 4 = 0", "x + y - z + 2 = 0", false},
		{"inequality flipped", `x \leq 5`, `5 \geq x`, true},
		{"inequality wrong way", "x > 5", "x < 5", false},
		{"inequality as interval", `x \ge 2`, `[2, \infty)`, true},
		{"double inequality", "-793 < a < 10", "(-793, 10)", true},
		{"symbolic expansion", "x^2+2x+1", "(x+1)^2", true},
		{"symbolic factor", "x^2+2x", "x(x+2)", true},
		{"symbolic different", "x^2+2x+1", "x^3+2x+1", false},
		{"different variable", "x^2+2x+1", "y^2+2y+1", false},
		{"trig identity", `\tan^2(y)+1`, `\sec^2(y)`, true},
		{"complex", "1+2i", "i(2-i)", true},
		{"plus minus", `1 \pm \sqrt{19}`, `1+\sqrt{19}, 1-\sqrt{19}`, true},
		{"plus minus vs one root", `\pm 2021`, "2021", false},
		{"text answer", `\text{Evelyn}`, "Evelyn", true},
		{"text differs", "odd", `\text{oddd}`, false},
		{"unit dropped", `10\text{ units}`, "10", true},
		{"unit words", "64", "64 square feet", true},
		{"dollar", `\$10`, "10", true},
		{"matrix vs bmatrix", `\begin{pmatrix}1&0\\0&1\end{pmatrix}`, `\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}`, true},
		{"matrix entry differs", `\begin{pmatrix}1&2\\3&4\end{pmatrix}`, `\begin{pmatrix}1&2\\3&5\end{pmatrix}`, false},
		{"base subscript", "4210_{7}", "4210_7", true},
		{"decimal comma", "1000.99", "1000,99", true},
		{"empty prediction", "5", "", false},
		{"approx keeps exact part", `\frac{\sqrt{3}}{3}`, `\frac{\sqrt{3}}{3} \approx 0.577`, true},
		{"floor", `\lfloor 100\sqrt2 \rfloor`, "141", true},
		{"factorial", "5!", "120", true},
		{"binomial", `\binom{5}{2}`, "10", true},
		{"absolute value", "|-3|", "3", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Equal(c.gold, c.pred); got != c.want {
				t.Errorf("Equal(%q, %q) = %v, want %v", c.gold, c.pred, got, c.want)
			}
		})
	}
}
