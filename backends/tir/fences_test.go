package tir

import "testing"

func TestEndingCode(t *testing.T) {
	cases := []struct {
		name, text string
		from       int
		code       string
		run        bool
	}{
		{"closed python block at the end", "Let me check.\n```python\nprint(1)\n```\n", 0, "print(1)\n", true},
		{"trailing white space after it", "```python\nx = 2\n```\n\n  ", 0, "x = 2\n", true},
		{"closing fence without newline", "```python\nx = 2\n```", 0, "x = 2\n", true},
		{"py and python3 are python", "```py\na\n```\n```python3\nb\n```\n", 0, "b\n", true},
		{"info string after the language", "```python title=x\nc\n```\n", 0, "c\n", true},
		{"indented fences", "  ```python\n  d\n  ```\n", 0, "  d\n", true},
		{"prose after the block", "```python\nprint(1)\n```\nSo the answer is 1.", 0, "", false},
		{"another language", "```text\nhello\n```\n", 0, "", false},
		{"an open block", "```python\nprint(1)\n", 0, "", false},
		{"a block before from", "```python\nprint(1)\n```\n", 3, "", false},
		{"the output block ends the text", "```python\nprint(1)\n```\n```output\n1\n```\n", 0, "", false},
		{"a fence with an info string does not close", "```python\ns = '''\n```js\n'''\n```\n", 0, "s = '''\n```js\n'''\n", true},
		{"no blocks", "The answer is \\boxed{3}.", 0, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, run := endingCode(c.text, c.from)
			if code != c.code || run != c.run {
				t.Errorf("endingCode(%q, %d) = %q, %v; want %q, %v", c.text, c.from, code, run, c.code, c.run)
			}
		})
	}
}

func TestFenceOpen(t *testing.T) {
	cases := map[string]bool{
		"no fence":                               false,
		"```python\nprint(1)\n":                  true,
		"```python\nprint(1)\n```\n":             false,
		"```python\nx\n```\n```output\n1\n```\n": false,
		"```\n":                                  true,
		"text\n```text\nhello\n":                 true,
	}
	for text, want := range cases {
		if got := fenceOpen(text); got != want {
			t.Errorf("fenceOpen(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestOutputBlock(t *testing.T) {
	cases := []struct{ transcript, output, want string }{
		{"```\n", "42\n", "```output\n42\n```\n"},
		{"```", "42", "\n```output\n42\n```\n"},
		{"```\n", "", "```output\n```\n"},
	}
	for _, c := range cases {
		if got := outputBlock(c.transcript, c.output); got != c.want {
			t.Errorf("outputBlock(%q, %q) = %q, want %q", c.transcript, c.output, got, c.want)
		}
	}
}
