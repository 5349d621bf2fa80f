package dataset

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readCSV reads a CSV file with a header row. Columns are found by name, so
// their order does not matter; a row with the wrong number of columns is an
// error naming its line.
func readCSV(r io.Reader, path string, keys map[string][]string) ([]row, map[string]bool, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s:1: read header: %w", path, err)
	}
	seen := map[string]bool{}
	for _, h := range header {
		seen[strings.TrimSpace(h)] = true
	}
	cols := columns(header, keys)
	if _, ok := cols["problem"]; !ok {
		return nil, nil, fmt.Errorf("%s:1: no problem column (looked for %s)", path, strings.Join(keys["problem"], ", "))
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, seen, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, rowError(path, pe.Line, "%v", pe.Err)
			}
			return nil, nil, fmt.Errorf("read %s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		r := row{line: line}
		for f, i := range cols {
			if f := fieldOf(f); f >= 0 {
				r.fields[f] = rec[i]
			}
		}
		rows = append(rows, r)
	}
}

func columns(header []string, keys map[string][]string) map[string]int {
	index := map[string]int{}
	for i, h := range header {
		index[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	cols := map[string]int{}
	for field, candidates := range keys {
		for _, k := range candidates {
			if i, ok := index[k]; ok {
				cols[field] = i
				break
			}
		}
	}
	return cols
}
