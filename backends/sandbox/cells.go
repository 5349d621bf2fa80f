package sandbox

import (
	"fmt"
	"strconv"
	"strings"
)

// Cell is one piece of a Python file, run as one tool call.
type Cell struct {
	Code      string
	FirstLine int // 1-based line of the file where the cell's code starts
	LastLine  int
}

// SplitCells cuts a file into cells at lines that start with "# %%" (the
// notebook-in-a-script convention of Jupytext, VS Code and Spyder). A file
// without such lines is one cell; cells with nothing but blank lines are
// dropped.
func SplitCells(src string) []Cell {
	lines := strings.SplitAfter(src, "\n")
	var cells []Cell
	start := 0
	flush := func(end int) {
		code := strings.Join(lines[start:end], "")
		if strings.TrimSpace(code) != "" {
			last := start + strings.Count(strings.TrimRight(code, " \t\r\n"), "\n") + 1
			cells = append(cells, Cell{Code: code, FirstLine: start + 1, LastLine: last})
		}
	}
	for i, line := range lines {
		if strings.HasPrefix(line, "# %%") {
			flush(i)
			start = i + 1
		}
	}
	flush(len(lines))
	return cells
}

// ParseBytes reads a size such as 2GiB, 512M, 64MiB or 1048576.
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], strings.ToUpper(strings.TrimSpace(t[i:]))
	mult, ok := map[string]int64{"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "KIB": 1 << 10,
		"M": 1 << 20, "MB": 1 << 20, "MIB": 1 << 20, "G": 1 << 30, "GB": 1 << 30, "GIB": 1 << 30,
		"T": 1 << 40, "TB": 1 << 40, "TIB": 1 << 40}[unit]
	n, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size: write it like 2GiB, 512MiB or 1048576", s)
	}
	return int64(n * float64(mult)), nil
}
