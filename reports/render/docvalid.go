package render

import "fmt"

// consistent checks what aimo diff pairs entries by: each set's problem IDs
// are listed once and are unique, each set/cell/setting entry appears once,
// and every entry's solved string has one 0 or 1 per problem of its set. A
// results.json edited by hand or cut short would otherwise diff silently
// wrong: an unreadable solved string as "solved nothing", a significant
// gain that is not there.
func (d *Document) consistent() error {
	ids := map[string]int{}
	for i, p := range d.Problems {
		if _, dup := ids[p.Set]; dup {
			return fmt.Errorf("problems[%d]: set %q is listed twice", i, p.Set)
		}
		ids[p.Set] = len(p.IDs)
		at := make(map[string]int, len(p.IDs))
		for j, id := range p.IDs {
			if k, dup := at[id]; dup {
				return fmt.Errorf("problems[%d].ids[%d]: %q repeats ids[%d]; problem IDs must be unique", i, j, id, k)
			}
			at[id] = j
		}
	}
	entries := map[[3]string]int{}
	for i := range d.Grid {
		e := &d.Grid[i]
		key := [3]string{e.Set, e.Cell, e.Setting}
		if k, dup := entries[key]; dup {
			return fmt.Errorf("grid[%d]: set %q, cell %q, setting %q repeats grid[%d]", i, e.Set, e.Cell, e.Setting, k)
		}
		entries[key] = i
		if err := e.checkSolved(ids); err != nil {
			return fmt.Errorf("grid[%d].solved: %w", i, err)
		}
	}
	return nil
}

func (e *Entry) checkSolved(ids map[string]int) error {
	if e.Solved == "" {
		return nil // a results.json written before grid[].solved: diffed unpaired
	}
	n, ok := ids[e.Set]
	if !ok {
		return fmt.Errorf("problems[] lists no IDs for set %q", e.Set)
	}
	if len(e.Solved) != n {
		return fmt.Errorf("%d outcomes, but problems[] lists %d IDs for set %q", len(e.Solved), n, e.Set)
	}
	for i := 0; i < len(e.Solved); i++ {
		if c := e.Solved[i]; c != '0' && c != '1' {
			return fmt.Errorf("character %d is %q; want only 0 (not solved) and 1 (solved)", i+1, c)
		}
	}
	return nil
}
