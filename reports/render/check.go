package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	filepolicy "github.com/aimo-dev/aimo/internal/files"
	"github.com/aimo-dev/aimo/reports/stats"
)

// CheckAlpha is the significance level of report --check.
const CheckAlpha = 0.05

// Verdict is the outcome of comparing a report with a baseline.
type Verdict struct {
	// Regressed is true when the selected configuration solves
	// significantly fewer of the shared problems than the baseline's did.
	Regressed bool
	// Set is the set compared on and Role its role in the baseline:
	// "confirmation" when the baseline has a confirmation set, the one its
	// choice was not made on, else "selection".
	Set  string
	Role string
	// Shared counts problems in both; Before and After are the accuracies
	// on them; Lost and Gained the discordant problems; P the two-sided
	// exact McNemar p-value.
	Shared        int
	Before, After float64
	Lost, Gained  int
	P             float64
	// Line is the one-line reason printed for the user.
	Line string
}

// ReadDocument reads a results.json written by any aimo.results/v1 report.
// The file must be a regular file no larger than $AIMO_RESULTS_MAX_MB
// (default 2048 MB): diff and report --check are handed paths, and a named
// pipe or /dev/zero would otherwise hang or fill memory. A malformed file is
// named with the line and column of the problem.
func ReadDocument(path string) (*Document, error) {
	b, err := filepolicy.Policy{MaxBytes: resultsMaxMB() << 20, Raise: "$AIMO_RESULTS_MAX_MB"}.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d Document
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, jsonError(path, b, err)
	}
	if d.Schema != Schema {
		return nil, fmt.Errorf("%s: schema %q, want %q: not a results.json written by aimo report", path, d.Schema, Schema)
	}
	if err := d.consistent(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &d, nil
}

func resultsMaxMB() int64 {
	if n, err := strconv.ParseInt(os.Getenv("AIMO_RESULTS_MAX_MB"), 10, 64); err == nil && n > 0 && n < 1<<40 {
		return n
	}
	return filepolicy.DefaultMaxMB
}

// jsonError names where in b a decoding error is, as path:line:col, and
// says what was expected in words rather than Go types.
func jsonError(path string, b []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// Offset counts the bytes read, the offending one included.
		line, col := lineCol(b, max(syntax.Offset-1, 0))
		if syntax.Offset >= int64(len(bytes.TrimRight(b, " \t\r\n"))) {
			line, col := lineCol(b, int64(len(b)))
			return fmt.Errorf("%s:%d:%d: not valid JSON: the file ends early (truncated?)", path, line, col)
		}
		return fmt.Errorf("%s:%d:%d: not valid JSON: %v", path, line, col, syntax)
	case errors.As(err, &typ):
		line, col := lineCol(b, typ.Offset)
		field := jsonPath(typ.Field)
		if field == "" {
			field = "the top level"
		}
		return fmt.Errorf("%s:%d:%d: %s: found a JSON %s, want %s", path, line, col, field, typ.Value, jsonKind(typ.Type))
	}
	return fmt.Errorf("%s: %w", path, err)
}

// jsonPath drops the Go names of embedded structs from encoding/json's
// field path (grid.Entry.accuracy), leaving the JSON keys, which are all
// lower case.
func jsonPath(field string) string {
	var keep []string
	for _, part := range strings.Split(field, ".") {
		if part != "" && !unicode.IsUpper(rune(part[0])) {
			keep = append(keep, part)
		}
	}
	return strings.Join(keep, ".")
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// jsonKind names the JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "a number"
}

// Check pairs the selected configuration's per-problem outcomes with the
// baseline's, problem by problem (by ID), and tests the difference with
// McNemar's exact test. It compares on the baseline's confirmation set when
// there is one: accuracy on the set a configuration was chosen on is
// optimistic, and a new choice made on it would look better there for that
// reason alone. Without a confirmation set it compares on the selection set.
func Check(baseline, current *Document) (Verdict, error) {
	old, err := checkSplit(baseline, "baseline")
	if err != nil {
		return Verdict{}, err
	}
	now, ok := current.split(old.Set)
	if !ok {
		return Verdict{}, fmt.Errorf("this report has no outcomes on %s, the baseline's %s set; evaluate it and select with the same select block", printable(old.Set), old.Role)
	}
	v := Verdict{Set: old.Set, Role: old.Role}
	was := make(map[string]bool, len(old.Outcomes))
	for _, o := range old.Outcomes {
		was[o.ID] = o.Correct
	}
	var before, after int
	for _, o := range now.Outcomes {
		w, ok := was[o.ID]
		if !ok {
			continue
		}
		v.Shared++
		before, after = before+b2i(w), after+b2i(o.Correct)
		switch {
		case w && !o.Correct:
			v.Lost++
		case !w && o.Correct:
			v.Gained++
		}
	}
	if v.Shared == 0 {
		return Verdict{}, fmt.Errorf("no problem of %s is in both the baseline and this report", printable(old.Set))
	}
	v.Before, v.After = float64(before)/float64(v.Shared), float64(after)/float64(v.Shared)
	v.P = stats.McNemarExact(v.Lost, v.Gained)
	v.Regressed = v.After < v.Before && v.P < CheckAlpha
	v.Line = v.line(baseline, current)
	return v, nil
}

func (v Verdict) line(baseline, current *Document) string {
	what := "no significant regression"
	if v.Regressed {
		what = "regression"
	}
	return fmt.Sprintf("%s: accuracy on %s (%s set) went from %.3f (%s) to %.3f (%s) over %d shared problems: %d lost, %d gained, McNemar exact p=%s (alpha %g)",
		what, printable(v.Set), printable(v.Role), v.Before, configName(baseline), v.After, configName(current), v.Shared, v.Lost, v.Gained, pValue(v.P), CheckAlpha)
}

func configName(d *Document) string {
	return printable(d.Selected.Cell) + " / " + printable(d.Selected.Setting)
}

// checkSplit is d's confirmation split, or its selection split without one.
func checkSplit(d *Document, who string) (*Split, error) {
	if d.Selected == nil || len(d.Selected.Splits) == 0 {
		return nil, fmt.Errorf("the %s has no selected configuration with per-problem outcomes", who)
	}
	for i := range d.Selected.Splits {
		if d.Selected.Splits[i].Role == "confirmation" {
			return &d.Selected.Splits[i], nil
		}
	}
	return &d.Selected.Splits[0], nil
}

func (d *Document) split(set string) (*Split, bool) {
	if d.Selected == nil {
		return nil, false
	}
	for i := range d.Selected.Splits {
		if d.Selected.Splits[i].Set == set {
			return &d.Selected.Splits[i], true
		}
	}
	return nil, false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
