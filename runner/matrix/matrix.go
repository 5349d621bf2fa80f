// Package matrix expands an experiment's matrix into combinations with
// GitHub Actions semantics: the product of the axes (zip groups vary together),
// conditional axes for the combinations they match, then exclude, then include.
// It runs in Go, not Jsonnet, so a grid of 100,000 cells expands in well under
// a second.
package matrix

import (
	"fmt"
	"hash/maphash"
	"math"
	"strings"

	"github.com/aimo-dev/aimo/lang"
)

// Combo is one combination: a value per axis of lang.Axes, Null where unset.
type Combo [lang.NumAxes]lang.Value

// Get returns the value of the named axis.
func (c *Combo) Get(axis string) lang.Value { return c[lang.AxisIndex(axis)] }

// Result is an expanded matrix and what happened on the way.
type Result struct {
	Combos []Combo
	// Product counts combinations before exclude; Excluded, Included and
	// Duplicates count what each later step changed.
	Product, Excluded, Included, Duplicates int
}

// row sets some axes at once: one value of a plain axis, or one position of a
// zip group.
type row []setting

type setting struct {
	axis int
	v    lang.Value
}

// Expand expands m, however large.
func Expand(m lang.Matrix) Result {
	res, _ := ExpandMax(m, 0)
	return res
}

// TooBigError is a matrix with more cells than the experiment's limit,
// found by counting before any cell is allocated.
type TooBigError struct {
	Cells int // the count reached, math.MaxInt when it overflowed
	Max   int
}

func (e *TooBigError) Error() string {
	n := fmt.Sprint(e.Cells)
	if e.Cells == math.MaxInt {
		n = "more than " + fmt.Sprint(math.MaxInt64)
	}
	return fmt.Sprintf("the matrix expands to %s combinations, more than limits.cells (%d); "+
		"check the axes for a runaway list, or raise limits.cells if the sweep is really that big", n, e.Max)
}

// ExpandMax expands m, refusing with a *TooBigError, before allocating, a
// product or conditional expansion of more than max combinations (0: no
// limit).
func ExpandMax(m lang.Matrix, max int) (Result, error) {
	var blocks [][]row
	for _, a := range m.Axes {
		blocks = append(blocks, axisRows(a))
	}
	for _, g := range m.Zip {
		blocks = append(blocks, zipRows(g))
	}
	if n := count(blocks); max > 0 && n > max {
		return Result{}, &TooBigError{n, max}
	}
	combos := product(blocks)
	combos, err := applyWhen(combos, m.When, max)
	if err != nil {
		return Result{}, err
	}
	res := Result{Product: len(combos)}
	combos, res.Excluded = exclude(combos, m.Exclude)
	combos, res.Included = include(combos, m.Include, originalAxes(m))
	res.Combos, res.Duplicates = dedup(combos)
	return res, nil
}

// count is the size of the blocks' product, math.MaxInt on overflow.
func count(blocks [][]row) int {
	total := 1
	for _, b := range blocks {
		if len(b) == 0 {
			return 0
		}
		if total > math.MaxInt/len(b) {
			return math.MaxInt
		}
		total *= len(b)
	}
	return total
}

func axisRows(a lang.Axis) []row {
	idx := lang.AxisIndex(a.Name)
	rows := make([]row, len(a.Values))
	for i, v := range a.Values {
		rows[i] = row{{idx, v}}
	}
	return rows
}

func zipRows(g []lang.Axis) []row {
	if len(g) == 0 {
		return nil
	}
	rows := make([]row, len(g[0].Values))
	for i := range rows {
		for _, a := range g {
			if i < len(a.Values) {
				rows[i] = append(rows[i], setting{lang.AxisIndex(a.Name), a.Values[i]})
			}
		}
	}
	return rows
}

// product enumerates the blocks' rows like an odometer, the last block turning
// fastest, so the order follows the order axes are listed in lang.Axes.
func product(blocks [][]row) []Combo {
	total := 1
	for _, b := range blocks {
		total *= len(b)
	}
	if total == 0 {
		return nil
	}
	out := make([]Combo, 0, total)
	idx := make([]int, len(blocks))
	for {
		var c Combo
		for bi, b := range blocks {
			for _, s := range b[idx[bi]] {
				c[s.axis] = s.v
			}
		}
		out = append(out, c)
		bi := len(blocks) - 1
		for ; bi >= 0; bi-- {
			idx[bi]++
			if idx[bi] < len(blocks[bi]) {
				break
			}
			idx[bi] = 0
		}
		if bi < 0 {
			return out
		}
	}
}

func matches(c *Combo, pattern map[string]lang.Value) bool {
	for k, v := range pattern {
		if c[lang.AxisIndex(k)] != v {
			return false
		}
	}
	return true
}

// applyWhen multiplies each combination that matches a conditional entry by
// that entry's axes, counting first so a result over max (0: no limit) is
// refused before it is allocated.
func applyWhen(combos []Combo, when []lang.When, max int) ([]Combo, error) {
	for _, w := range when {
		var blocks [][]row
		for _, a := range w.Axes {
			blocks = append(blocks, axisRows(a))
		}
		if n := grown(combos, w.Match, count(blocks)); max > 0 && n > max {
			return nil, &TooBigError{n, max}
		}
		extra := product(blocks)
		out := make([]Combo, 0, len(combos))
		for _, c := range combos {
			if !matches(&c, w.Match) {
				out = append(out, c)
				continue
			}
			for _, e := range extra {
				n := c
				for i, v := range e {
					if v.Kind != lang.Null {
						n[i] = v
					}
				}
				out = append(out, n)
			}
		}
		combos = out
	}
	return combos, nil
}

// grown is how many combinations applyWhen makes when each one matching
// match becomes per of them; math.MaxInt on overflow.
func grown(combos []Combo, match map[string]lang.Value, per int) int {
	n := 0
	for i := range combos {
		add := 1
		if matches(&combos[i], match) {
			add = per
		}
		if n > math.MaxInt-add {
			return math.MaxInt
		}
		n += add
	}
	return n
}

func exclude(combos []Combo, patterns []map[string]lang.Value) ([]Combo, int) {
	if len(patterns) == 0 {
		return combos, 0
	}
	out := combos[:0]
	for _, c := range combos {
		drop := false
		for _, p := range patterns {
			if matches(&c, p) {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, c)
		}
	}
	return out, len(combos) - len(out)
}

func originalAxes(m lang.Matrix) map[string]bool {
	orig := map[string]bool{}
	for _, a := range m.Axes {
		orig[a.Name] = true
	}
	for _, g := range m.Zip {
		for _, a := range g {
			orig[a.Name] = true
		}
	}
	for _, w := range m.When {
		for _, a := range w.Axes {
			orig[a.Name] = true
		}
	}
	return orig
}

// include follows GitHub Actions: an entry is merged into every combination
// whose original axis values it does not contradict (added values may be
// overwritten, original ones never); an entry that fits no combination becomes
// a combination of its own.
func include(combos []Combo, entries []map[string]lang.Value, orig map[string]bool) ([]Combo, int) {
	added := 0
	for _, e := range entries {
		merged := false
		for i := range combos {
			if !fitsOriginal(&combos[i], e, orig) {
				continue
			}
			for k, v := range e {
				combos[i][lang.AxisIndex(k)] = v
			}
			merged = true
		}
		if !merged {
			var c Combo
			for k, v := range e {
				c[lang.AxisIndex(k)] = v
			}
			combos = append(combos, c)
			added++
		}
	}
	return combos, added
}

func fitsOriginal(c *Combo, e map[string]lang.Value, orig map[string]bool) bool {
	for k, v := range e {
		if orig[k] && c[lang.AxisIndex(k)] != v {
			return false
		}
	}
	return true
}

var seed = maphash.MakeSeed()

// dedup keeps the first of identical combinations.
func dedup(combos []Combo) ([]Combo, int) {
	seen := make(map[uint64][]int, len(combos))
	out := combos[:0]
	var h maphash.Hash
	h.SetSeed(seed)
	for _, c := range combos {
		h.Reset()
		for _, v := range c {
			h.WriteByte(byte(v.Kind))
			h.WriteString(v.Str)
			writeFloat(&h, v.Num)
		}
		sum := h.Sum64()
		dup := false
		for _, j := range seen[sum] {
			if out[j] == c {
				dup = true
				break
			}
		}
		if !dup {
			seen[sum] = append(seen[sum], len(out))
			out = append(out, c)
		}
	}
	return out, len(combos) - len(out)
}

func writeFloat(h *maphash.Hash, f float64) {
	var b [8]byte
	u := uint64(int64(f * 1e9))
	for i := range b {
		b[i] = byte(u >> (8 * i))
	}
	h.Write(b[:])
}

// Names gives each combination a stable, readable name from the axes that vary
// across the set, in lang.Axes order: "qwen-7b/expert/fs2/t0.6".
func Names(combos []Combo) []string {
	var varying []int
	for i := 0; i < lang.NumAxes; i++ {
		for _, c := range combos[min(1, len(combos)):] {
			if c[i] != combos[0][i] {
				varying = append(varying, i)
				break
			}
		}
	}
	model := lang.AxisIndex("model")
	names := make([]string, len(combos))
	var b strings.Builder
	for ci := range combos {
		b.Reset()
		parts := 0
		for _, i := range varying {
			v := combos[ci][i]
			if v.Kind == lang.Null {
				continue
			}
			if parts > 0 {
				b.WriteByte('/')
			}
			b.WriteString(lang.Axes[i].Short)
			b.WriteString(v.String())
			parts++
		}
		if parts == 0 {
			b.WriteString(combos[ci][model].String())
		}
		names[ci] = b.String()
	}
	return names
}
