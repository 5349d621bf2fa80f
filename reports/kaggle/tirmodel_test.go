package kaggle

import (
	"fmt"
	"strings"
	"sync"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// toolScenarios script a model that writes code in fences, one scenario
// per problem, turn by turn: what it writes on its n-th turn, given the
// prompt so far (which ends with the last output block) and its seed. They
// cover what the model can be shown: state kept from cell to cell, a
// traceback, a memory error, a timeout with what was printed before it and
// the reset after it, clipped output, a process that exits or is killed,
// output without a final newline, a fence of another language, the
// model's own output block, the round limit, the token budget and an
// answer without code.
var toolScenarios = map[string]func(turn int, prompt string, seed int64) string{
	"state": func(turn int, prompt string, seed int64) string {
		return pick(turn, prompt,
			fmt.Sprintf("Let me compute.\n```python\nx = 6 * %d\nprint(x)\n```\n```output\n999\n```\nSo it is 999.", 7+seed%2),
			"Now add one.\n```python\nprint(x + 1)\n```\n")
	},
	"error": func(turn int, prompt string, _ int64) string {
		return pick(turn, prompt, "```python\nx = 5\n1 / 0\n```\n", "```python\nbig = bytearray(8 * 1024 ** 3)\n```\n",
			"```python\nprint(x * 2, end='')\n```")
	},
	"timeout": func(turn int, prompt string, _ int64) string {
		return pick(turn, prompt, "```python\nx = 3\nprint('started')\nwhile True:\n    pass\n```\n", "```python\nprint(x)\n```\n")
	},
	"clipped": func(turn int, prompt string, seed int64) string {
		return pick(turn, prompt, fmt.Sprintf("```python\nfor i in range(%d):\n    print(i)\n```\n", 2000+seed))
	},
	"exit": func(turn int, prompt string, _ int64) string {
		return pick(turn, prompt, "```python\nimport os\nos._exit(3)\n```\n",
			"```python\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n```\n",
			"```python\nprint('π ≈', round(3.14159, 2), 9)\n```\n")
	},
	"fences": func(turn int, prompt string, _ int64) string {
		return pick(turn, prompt, "Notes.\n```text\nhello\n```\nMore.\n```python\nprint(1)\n```\n",
			"More.\n```python\nprint(2)\n```\n")
	},
	"own output": func(turn int, prompt string, _ int64) string {
		return "```python\nprint(5)\n```output\n5\n```\n\\boxed{5}"
	},
	"rounds": func(int, string, int64) string { return "Again.\n```python\nprint('again')\n```\n" },
	"budget": func(turn int, prompt string, _ int64) string {
		words := strings.Repeat("word ", 40)
		return pick(turn, prompt, words+"\n```python\nprint(1)\n```\n", words+words+"\\boxed{1}")
	},
	"plain": func(int, string, int64) string { return "The answer is \\boxed{17}.</answer> and more" },
}

// pick is the scripted turn: the n-th of turns, then an answer that boxes
// the last number of the last output block (or "none").
func pick(turn int, prompt string, turns ...string) string {
	if turn < len(turns) {
		return turns[turn]
	}
	last := "none"
	if i := strings.LastIndex(prompt, "```output\n"); i >= 0 {
		fields := strings.Fields(strings.TrimSuffix(prompt[i+len("```output\n"):], "```\n"))
		if len(fields) > 0 {
			last = strings.Trim(fields[len(fields)-1], ".")
		}
	}
	return "The answer is \\boxed{" + last + "}.</answer>"
}

// scriptedModel serves toolScenarios, counting each conversation's turns
// (a conversation is a problem and a seed).
type scriptedModel struct {
	mu    sync.Mutex
	turns map[string]int
}

func (m *scriptedModel) respond(r vllmtest.Request) vllmtest.Reply {
	_, name, _ := strings.Cut(r.Prompt, "scenario: ")
	name, _, _ = strings.Cut(name, "\n")
	m.mu.Lock()
	key := fmt.Sprintf("%s/%d", name, r.Seed)
	turn := m.turns[key]
	m.turns[key]++
	m.mu.Unlock()
	script, ok := toolScenarios[name]
	if !ok {
		return vllmtest.Reply{Content: "no such scenario " + name}
	}
	return vllmtest.Reply{Content: script(turn, r.Prompt, r.Seed)}
}
