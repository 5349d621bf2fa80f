package render

import (
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/reports/eval"
)

func diffDoc(ids []string, entries map[string]string) *Document {
	d := &Document{Problems: []SetProblems{{Set: "s", IDs: ids}}}
	for _, name := range []string{"majority@1", "majority@4", "unanimous@4"} {
		solved, ok := entries[name]
		if !ok {
			continue
		}
		e := Entry{Entry: eval.Entry{Set: "s", Cell: "c", Setting: name}, Solved: solved}
		d.Grid = append(d.Grid, e)
	}
	return d
}

// TestDiffPairsProblemsByID pins that aimo diff compares the same problems
// whatever order each report lists them in, ignores problems only one
// scored, and lists entries only one side has.
func TestDiffPairsProblemsByID(t *testing.T) {
	a := diffDoc([]string{"p1", "p2", "p3", "p4"}, map[string]string{"majority@1": "1100", "majority@4": "1110"})
	b := diffDoc([]string{"p4", "p3", "p2", "p1", "p9"}, map[string]string{"majority@1": "11001", "unanimous@4": "00000"})
	df := DiffDocuments(a, b)
	if len(df.Shared) != 1 || df.Tested != 1 {
		t.Fatalf("shared %+v, tested %d; want majority@1 alone", df.Shared, df.Tested)
	}
	d := df.Shared[0]
	// p1 and p2 solved in A only, p3 and p4 in B only; p9 is B's alone.
	if !d.Paired || d.Shared != 4 || d.Lost != 2 || d.Gained != 2 || d.SharedA != 0.5 || d.SharedB != 0.5 || d.P != 1 {
		t.Errorf("got %+v; want 4 shared problems, 2 lost, 2 gained, both 0.5, p=1", d)
	}
	if len(df.OnlyA) != 1 || df.OnlyA[0] != "s / c / majority@4" || len(df.OnlyB) != 1 || df.OnlyB[0] != "s / c / unanimous@4" {
		t.Errorf("only in A %v, only in B %v", df.OnlyA, df.OnlyB)
	}
}

// TestDiffEscapesNamesFromAFile: a results.json is a file someone else may
// have written (a baseline from a pull request). Its names reach the
// terminal quoted when they hold control characters, so an escape cannot
// recolour the screen and a newline cannot forge a line of output.
func TestDiffEscapesNamesFromAFile(t *testing.T) {
	evil := "c\x1b[2J\nonly in B: forged"
	a := diffDoc([]string{"p1"}, map[string]string{"majority@1": "1", "majority@4": "1"})
	b := diffDoc([]string{"p1"}, map[string]string{"majority@1": "0"})
	for _, d := range []*Document{a, b} {
		for i := range d.Grid {
			d.Grid[i].Cell = evil
		}
	}
	var out strings.Builder
	if err := DiffDocuments(a, b).WriteDiff(&out, "a.json", "b.json"); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.ContainsAny(got, "\x1b\t") || strings.Contains(got, "\nonly in B") {
		t.Errorf("a name's control characters reached the output:\n%q", got)
	}
	for _, want := range []string{`"c\x1b[2J\nonly in B: forged"  majority@1`, `only in A: "s / c\x1b[2J\nonly in B: forged / majority@4"`} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s:\n%s", want, got)
		}
	}
}

// TestCheckLineEscapesNames: report --check prints the baseline's names too.
func TestCheckLineEscapesNames(t *testing.T) {
	base := doc(outcomes("selection", "val\x1b[31m", true))
	base.Selected.Cell = "c\nforged"
	v, err := Check(base, base)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(v.Line, "\x1b\n") {
		t.Errorf("report --check's line prints a name's control characters: %q", v.Line)
	}
}

// TestDiffDisjointProblemsAreUnpaired: two reports whose set holds other
// problems (same name, other IDs) share nothing to pair. The diff must not
// print accuracies of 0.000 on "the problems both scored", nor count the
// empty comparison in Holm's correction.
func TestDiffDisjointProblemsAreUnpaired(t *testing.T) {
	a := diffDoc([]string{"p1", "p2"}, map[string]string{"majority@1": "11", "majority@4": "10"})
	b := diffDoc([]string{"q1", "q2"}, map[string]string{"majority@1": "10", "majority@4": "10"})
	a.Grid[0].Accuracy, a.Grid[1].Accuracy, b.Grid[0].Accuracy, b.Grid[1].Accuracy = 1, 0.5, 0.5, 0.5
	df := DiffDocuments(a, b)
	if df.Tested != 0 || df.Shared[0].Paired || df.Shared[0].Delta() != -0.5 {
		t.Errorf("tested %d, first entry %+v; want no paired test and delta -0.5 (each report's own problems)", df.Tested, df.Shared[0])
	}
}

// TestDiffWithNothingInCommon: two reports of different sweeps share no
// entry. The diff says so plainly, without an empty table and a legend for
// it, and lists what each side has.
func TestDiffWithNothingInCommon(t *testing.T) {
	a := diffDoc([]string{"p1"}, map[string]string{"majority@1": "1"})
	b := diffDoc([]string{"p1"}, map[string]string{"unanimous@4": "0"})
	var out strings.Builder
	if err := DiffDocuments(a, b).WriteDiff(&out, "a.json", "b.json"); err != nil {
		t.Fatal(err)
	}
	want := "A: a.json\nB: b.json\n\nno set / cell / setting is in both reports: nothing to compare\n" +
		"only in A: s / c / majority@1\nonly in B: s / c / unanimous@4\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// TestDiffLeavesUnchangedEntriesOutOfHolm: entries that solve the same
// problems in A and B cannot differ (McNemar's p is 1 whatever the data),
// so they stay out of Holm's family; a real change is corrected only over
// the entries that changed, and the footnote says how many those are.
func TestDiffLeavesUnchangedEntriesOutOfHolm(t *testing.T) {
	ids := make([]string, 12)
	for i := range ids {
		ids[i] = string(rune('a' + i))
	}
	// majority@1 loses 8 problems of 12 (p = 2·0.5^8 ≈ 0.0078); the other
	// two entries are identical in A and B.
	a := diffDoc(ids, map[string]string{"majority@1": "111111111111", "majority@4": "110011001100", "unanimous@4": "000000000001"})
	b := diffDoc(ids, map[string]string{"majority@1": "111100000000", "majority@4": "110011001100", "unanimous@4": "000000000001"})
	df := DiffDocuments(a, b)
	if df.Tested != 1 {
		t.Fatalf("Holm's family has %d comparisons, want 1 (the entry that changed)", df.Tested)
	}
	for _, d := range df.Shared {
		switch d.Setting {
		case "majority@1":
			if d.Lost != 8 || d.PAdj != d.P || d.PAdj >= CheckAlpha {
				t.Errorf("majority@1: %+v; want 8 lost, p (Holm) = p < %g", d, CheckAlpha)
			}
		default:
			if !d.Paired || d.P != 1 || d.PAdj != 1 {
				t.Errorf("%s: %+v; want paired with p = p (Holm) = 1", d.Setting, d)
			}
		}
	}
	var out strings.Builder
	if err := df.WriteDiff(&out, "a.json", "b.json"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "over the 1 of 3 paired comparisons in which some problem changed") ||
		strings.Contains(out.String(), "Entries marked -") {
		t.Errorf("footnote:\n%s", out.String())
	}
}
