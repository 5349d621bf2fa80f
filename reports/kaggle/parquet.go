package kaggle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"

	"github.com/aimo-dev/aimo/internal/answer"
)

// parquetScript writes the rows read from stdin as the gateway writes
// submission.parquet: polars, columns id (string) and answer (int64).
const parquetScript = `import json, sys
import polars as pl
rows = json.load(sys.stdin)
pl.DataFrame({"id": pl.Series([r[0] for r in rows], dtype=pl.String),
              "answer": pl.Series([r[1] for r in rows], dtype=pl.Int64)}).write_parquet(sys.argv[1])
`

// WriteParquet validates rows and writes them to path as submission.parquet,
// with python (an interpreter that has polars, such as aimo's environment).
func WriteParquet(path string, rows []Row, ids []string, r answer.Range, python string) error {
	if err := Validate(rows, ids, r); err != nil {
		return err
	}
	data := make([][2]any, len(rows))
	for i, row := range rows {
		data[i] = [2]any{row.ID, row.Answer}
	}
	in, err := json.Marshal(data)
	if err != nil {
		return err
	}
	cmd := exec.Command(python, "-c", parquetScript, path)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("write %s with %s (polars): %v: %s", path, python, err, lastLine(stderr.String()))
	}
	return nil
}

func lastLine(s string) string {
	s = string(bytes.TrimSpace([]byte(s)))
	if i := bytes.LastIndexByte([]byte(s), '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
