package answer

import (
	"regexp"
	"strings"
)

var matrixRe = regexp.MustCompile(`(?s)\\begin\{([pbvBV]?matrix|array)\}(\{[^{}]*\})?(.*?)\\end\{([pbvBV]?matrix|array)\}`)

// parseMatrix reads one matrix environment; rows split on \\, cells on &.
func parseMatrix(s string) *ans {
	m := matrixRe.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	body := strings.TrimSpace(m[3])
	body = strings.TrimSuffix(strings.TrimSpace(body), `\\`)
	a := &ans{kind: kMatrix, src: s}
	for _, row := range strings.Split(body, `\\`) {
		cells := strings.Split(row, "&")
		if a.rows > 0 && len(cells) != a.cols {
			return nil
		}
		a.cols = len(cells)
		a.rows++
		a.items = append(a.items, parseAll(cells)...)
	}
	if len(a.items) != a.rows*a.cols {
		return nil
	}
	return a
}
