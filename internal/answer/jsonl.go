package answer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aimo-dev/aimo/internal/files"
)

// RowError is a row GradeJSONL cannot grade: bad input, not a failure of
// aimo's (its caller exits 2).
type RowError struct {
	Line int // 1-based
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

// maxRowBytes bounds one row: far above any model output, and a stop for
// a file with no line breaks.
const maxRowBytes = 64 << 20

// GradeJSONL grades rows of {"gold": ..., "prediction": ...} and writes each row back
// with "extracted", "gold_normalized" and "equal" appended, keeping the original
// fields in their original order. A malformed row is a *RowError naming its line.
func GradeJSONL(r io.Reader, w io.Writer, opts Options) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxRowBytes)
	bw := bufio.NewWriter(w)
	line := 1
	for ; sc.Scan(); line++ {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		out, err := gradeRow(raw, opts)
		if err != nil {
			return &RowError{Line: line, Err: err}
		}
		bw.Write(out)
		bw.WriteByte('\n')
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return &RowError{Line: line, Err: fmt.Errorf("longer than %d MB; is this a JSONL file?", maxRowBytes>>20)}
	} else if err != nil {
		return fmt.Errorf("read rows: %w", err)
	}
	return bw.Flush()
}

func gradeRow(raw []byte, opts Options) ([]byte, error) {
	var row struct {
		Gold       json.RawMessage `json:"gold"`
		Prediction json.RawMessage `json:"prediction"`
	}
	if err := json.Unmarshal(raw, &row); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if raw[0] != '{' || row.Gold == nil || row.Prediction == nil {
		return nil, fmt.Errorf("row needs gold and prediction")
	}
	gold, err := asText(row.Gold)
	if err != nil {
		return nil, fmt.Errorf("gold: %w", err)
	}
	pred, err := asText(row.Prediction)
	if err != nil {
		return nil, fmt.Errorf("prediction: %w", err)
	}
	res := Grade(gold, pred, opts)
	add, _ := json.Marshal(struct {
		Extracted      string `json:"extracted"`
		GoldNormalized string `json:"gold_normalized"`
		Equal          bool   `json:"equal"`
	}{res.Extracted, res.GoldNormalized, res.Equal})
	body := bytes.TrimRight(raw, " \t\r")
	body = body[:len(body)-1] // drop the closing brace; the object form was checked
	sep := []byte(",")
	if bytes.Equal(bytes.TrimSpace(body), []byte("{")) {
		sep = nil
	}
	return append(append(append([]byte{}, body...), sep...), add[1:]...), nil
}

// asText accepts a JSON string or number (datasets store integer answers as numbers).
func asText(m json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(m, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(m, &n); err != nil {
		return "", fmt.Errorf("want a string or number, got %s", files.Excerpt(m))
	}
	return n.String(), nil
}
