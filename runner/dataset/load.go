package dataset

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/files"
	"github.com/aimo-dev/aimo/lang"
)

// Load reads the dataset d, resolving its path against dir, and applies its
// filters. name prefixes IDs made from line numbers. The file must be in dir
// (the files policy with dir as its one folder).
func Load(name string, d *lang.Dataset, dir string) (*Set, error) {
	return load(name, d, dir, files.Policy{Roots: []string{dir}})
}

// load is Load under the policy pol, which says where files may be and how
// large.
func load(name string, d *lang.Dataset, dir string, pol files.Policy) (*Set, error) {
	path := d.Path
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	f, err := pol.Open(path)
	if err != nil {
		return nil, &Error{fmt.Errorf("dataset %s: %w", name, err)}
	}
	defer f.Close()
	set, err := Read(name, d, f, path)
	if err != nil {
		return nil, &Error{fmt.Errorf("dataset %s: %w", name, err)}
	}
	return set, nil
}

// Error is a problem with a dataset's file that the user fixes: it is
// missing or unreadable, a row is malformed, a mapping names no key. aimo
// exits 2 on it, before anything is written.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// ExitCode is 2: bad config or bad input.
func (e *Error) ExitCode() int { return 2 }

// Read is Load on an open file; path is only used in IDs' sources and errors.
func Read(name string, d *lang.Dataset, r io.Reader, path string) (*Set, error) {
	keys := keysFor(d.Format, d.Fields)
	var rows []row
	var seen map[string]bool
	var err error
	switch d.Format {
	case "math", "gsm8k", "jsonl":
		rows, seen, err = readJSONL(r, path, keys)
	case "csv":
		rows, seen, err = readCSV(r, path, keys)
	default:
		return nil, fmt.Errorf("unknown format %q (want math, gsm8k, csv or jsonl)", d.Format)
	}
	if err != nil {
		return nil, err
	}
	if err := checkMapping(name, d, path, seen, len(rows)); err != nil {
		return nil, err
	}
	problems, err := toProblems(name, d.Format, path, rows)
	if err != nil {
		return nil, err
	}
	return filter(name, d, path, problems), nil
}

// toProblems checks every row and gives it a stable, unique ID.
func toProblems(name, format, path string, rows []row) ([]Problem, error) {
	seen := make(map[string]int, len(rows)) // where in out
	out := make([]Problem, 0, len(rows))
	var sources stringBlocks
	var source []byte
	for _, r := range rows {
		source = strconv.AppendInt(append(append(source[:0], path...), ':'), int64(r.line), 10)
		p, err := toProblem(name, format, path, sources.of(source), r)
		if err != nil {
			return nil, err
		}
		if first, dup := seen[p.ID]; dup {
			return nil, rowError(path, r.line, "id %q already used at %s", p.ID, out[first].Source)
		}
		seen[p.ID] = len(out)
		out = append(out, p)
	}
	return out, nil
}

// toProblem is row r as a problem from source ("path:line").
func toProblem(name, format, path, source string, r row) (Problem, error) {
	f := &r.fields
	p := Problem{
		ID: strings.TrimSpace(f[fieldID]), Text: f[fieldProblem], Answer: strings.TrimSpace(f[fieldAnswer]),
		Solution: f[fieldSolution], Subject: strings.TrimSpace(f[fieldSubject]), Level: parseLevel(f[fieldLevel]),
		Source: source,
	}
	if strings.TrimSpace(p.Text) == "" {
		return p, rowError(path, r.line, "missing problem text")
	}
	if p.ID == "" {
		p.ID = fmt.Sprintf("%s/%d", name, r.line)
	}
	if format == "gsm8k" {
		p.Solution, p.Answer = splitGSM8K(p.Answer)
	}
	if p.Answer == "" && p.Solution != "" {
		p.Answer, _ = answer.SolutionAnswer(p.Solution)
		p.Answer = strings.TrimSpace(p.Answer)
	}
	return p, nil
}

var calcAnnotation = regexp.MustCompile(`<<[^<>]*>>`)

// splitGSM8K splits a GSM8K answer into the worked solution (calculator
// annotations removed, "#### n" kept so the target teaches the answer format)
// and the number after "####" with thousands separators removed.
func splitGSM8K(worked string) (solution, gold string) {
	i := strings.LastIndex(worked, "####")
	solution = calcAnnotation.ReplaceAllString(worked, "")
	if i < 0 {
		return solution, ""
	}
	gold = strings.ReplaceAll(strings.TrimSpace(worked[i+4:]), ",", "")
	return solution, gold
}
