package render

import "github.com/aimo-dev/aimo/reports/eval"

// Footnote codes the report adds to eval's.
const (
	CodePartial  = "partial"
	CodeNoTokens = "no-tokens"
	CodeDrill    = "drill-down-cut"
)

// notes numbers caveats by text: the same sentence gets one number however
// many codes or places raise it.
type notes struct {
	byText map[string]int
	list   []eval.Footnote
	// from maps eval's footnote numbers to ours.
	from map[int]int
}

func newNotes(fs []eval.Footnote) *notes {
	n := &notes{byText: map[string]int{}, from: map[int]int{}}
	for _, f := range fs {
		n.from[f.N] = n.add(f.Code, f.Text)
	}
	return n
}

func (n *notes) add(code, text string) int {
	if i, ok := n.byText[text]; ok {
		return i
	}
	i := len(n.list) + 1
	n.byText[text] = i
	n.list = append(n.list, eval.Footnote{N: i, Code: code, Text: text})
	return i
}

// remap translates eval's numbers, dropping repeats.
func (n *notes) remap(old []int) []int {
	var out []int
	seen := map[int]bool{}
	for _, o := range old {
		if i, ok := n.from[o]; ok && !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}
