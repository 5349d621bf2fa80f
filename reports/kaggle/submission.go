package kaggle

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/aimo-dev/aimo/internal/answer"
)

// Row is one line of submission.csv.
type Row struct {
	ID     string
	Answer int64
}

// BadRowError names the first row a submission must not contain.
type BadRowError struct {
	ID     string
	Reason string
}

func (e *BadRowError) Error() string { return fmt.Sprintf("submission: id %q: %s", e.ID, e.Reason) }

// Validate checks that every id of ids appears exactly once, in any order,
// with an answer in r, and nothing else does.
func Validate(rows []Row, ids []string, r answer.Range) error {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	seen := map[string]bool{}
	for _, row := range rows {
		switch {
		case row.ID == "":
			return &BadRowError{row.ID, "empty id"}
		case !want[row.ID]:
			return &BadRowError{row.ID, "not a problem of the dataset"}
		case seen[row.ID]:
			return &BadRowError{row.ID, "appears twice"}
		case row.Answer < r.Lo || row.Answer > r.Hi:
			return &BadRowError{row.ID, fmt.Sprintf("answer %d outside %d-%d", row.Answer, r.Lo, r.Hi)}
		}
		seen[row.ID] = true
	}
	for _, id := range ids {
		if !seen[id] {
			return &BadRowError{id, "has no answer"}
		}
	}
	return nil
}

// WriteCSV writes rows as id,answer after validating them.
func WriteCSV(w io.Writer, rows []Row, ids []string, r answer.Range) error {
	if err := Validate(rows, ids, r); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "answer"})
	for _, row := range rows {
		cw.Write([]string{row.ID, strconv.FormatInt(row.Answer, 10)})
	}
	cw.Flush()
	return cw.Error()
}
