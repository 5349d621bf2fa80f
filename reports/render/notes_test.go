package render

import (
	"slices"
	"testing"

	"github.com/aimo-dev/aimo/reports/eval"
)

func TestNotesNumberEachTextOnce(t *testing.T) {
	n := newNotes([]eval.Footnote{{N: 1, Code: "a", Text: "same"}, {N: 2, Code: "b", Text: "other"}, {N: 3, Code: "c", Text: "same"}})
	if len(n.list) != 2 {
		t.Fatalf("%d footnotes, want 2: %v", len(n.list), n.list)
	}
	for _, tc := range []struct {
		name      string
		old, want []int
	}{
		{"a repeated text maps to its first number", []int{3}, []int{1}},
		{"two codes of one text give one mark", []int{1, 3}, []int{1}},
		{"distinct texts keep their order", []int{2, 3}, []int{2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := n.remap(tc.old); !slices.Equal(got, tc.want) {
				t.Errorf("remap(%v) = %v, want %v", tc.old, got, tc.want)
			}
		})
	}
	if got := n.add(CodePartial, "same"); got != 1 {
		t.Errorf("a report note with an existing text got number %d, want 1", got)
	}
}
