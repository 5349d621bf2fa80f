package dataset

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// poolCatalog has a train pool with 3 Algebra, 2 Intermediate Algebra,
// 1 Prealgebra and 4 Geometry problems, plus a copy of problem alg0's text
// under another ID.
func poolCatalog() *Catalog {
	train := &Set{Name: "train"}
	add := func(subject string, n int) {
		for i := range n {
			id := fmt.Sprintf("%s%d", strings.ToLower(subject[:3]), i)
			train.Problems = append(train.Problems, Problem{ID: id, Text: subject + " problem " + id, Answer: "1", Subject: subject})
		}
	}
	add("Algebra", 3)
	add("Intermediate Algebra", 2)
	add("Prealgebra", 1)
	add("Geometry", 4)
	train.Problems = append(train.Problems, Problem{ID: "copy", Text: "ALGEBRA  problem alg0", Subject: "Algebra"})
	return NewCatalog(train)
}

func ids(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func TestExamplesNeverIncludeTheProblem(t *testing.T) {
	c := poolCatalog()
	self, _ := c.Set("train")
	target := self.Problems[0] // alg0, whose text also appears as "copy"
	for _, strategy := range []string{"random", "same_category"} {
		for seed := range int64(50) {
			ex, err := c.Examples("train", strategy, nil, 5, target, seed)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(ex); slices.Contains(got, "alg0") || slices.Contains(got, "copy") {
				t.Fatalf("%s seed %d: examples %v include the problem or its copy", strategy, seed, got)
			}
		}
	}
	ex, err := c.Examples("train", "fixed", []string{"alg0", "geo1", "copy", "pre0"}, 2, target, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(ex); !slices.Equal(got, []string{"geo1", "pre0"}) {
		t.Errorf("fixed examples = %v, want the listed ids in order without the problem: [geo1 pre0]", got)
	}
}

func TestSameCategoryTiers(t *testing.T) {
	c := poolCatalog()
	p := Problem{ID: "test/1", Text: "an algebra test problem", Subject: "Algebra"}
	// Tier 0: same subject (4 in the pool); 1: same category (Intermediate
	// Algebra, 2); 2: the rest (5).
	tier := func(id string) int {
		switch {
		case strings.HasPrefix(id, "alg") || id == "copy":
			return 0
		case strings.HasPrefix(id, "int"):
			return 1
		}
		return 2
	}
	tests := []struct {
		k    int
		want []int // examples drawn from each tier
	}{
		{2, []int{2, 0, 0}},
		{4, []int{4, 0, 0}},
		{5, []int{4, 1, 0}},
		{8, []int{4, 2, 2}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("k=", tt.k), func(t *testing.T) {
			ex, err := c.Examples("train", "same_category", nil, tt.k, p, 7)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]int, 3)
			for i, id := range ids(ex) {
				got[tier(id)]++
				if i > 0 && tier(id) < tier(ex[i-1].ID) {
					t.Errorf("examples %v: %s comes after a more distant category", ids(ex), id)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("examples %v: per tier %v, want %v", ids(ex), got, tt.want)
			}
		})
	}
}

func TestRandomExamplesAreSeededPerProblem(t *testing.T) {
	c := poolCatalog()
	p := Problem{ID: "test/1", Text: "a test problem", Subject: "Geometry"}
	q := Problem{ID: "test/2", Text: "another test problem", Subject: "Geometry"}
	a, _ := c.Examples("train", "random", nil, 4, p, 1)
	b, _ := c.Examples("train", "random", nil, 4, p, 1)
	if !slices.Equal(ids(a), ids(b)) {
		t.Errorf("same problem and seed gave %v then %v", ids(a), ids(b))
	}
	differs := false
	for seed := range int64(10) {
		x, _ := c.Examples("train", "random", nil, 4, p, seed)
		y, _ := c.Examples("train", "random", nil, 4, q, seed)
		differs = differs || !slices.Equal(ids(x), ids(y)) || !slices.Equal(ids(x), ids(a))
	}
	if !differs {
		t.Error("every problem and seed drew the same examples")
	}
}

func TestExamplesErrors(t *testing.T) {
	c := poolCatalog()
	p := Problem{ID: "test/1", Text: "x", Subject: "Algebra"}
	tests := []struct {
		name, pool, strategy string
		ids                  []string
		k                    int
		want                 string
	}{
		{"unknown pool", "val", "random", nil, 1, `no dataset or split "val"`},
		{"unknown strategy", "train", "nearest", nil, 1, "unknown few-shot strategy"},
		{"fixed id not in pool", "train", "fixed", []string{"alg0", "nope"}, 1, `few-shot id "nope" is not in pool train`},
		{"too few fixed ids", "train", "fixed", []string{"alg0"}, 2, "has 1 usable examples for test/1, want 2"},
		{"pool smaller than k", "train", "random", nil, 12, "has 11 usable examples"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Examples(tt.pool, tt.strategy, tt.ids, tt.k, p, 0)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}
