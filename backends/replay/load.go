package replay

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/files"
)

// MaxSamples bounds a row's sample index: the samples of one problem are a
// slice, and an index of 10^12 would allocate it.
const MaxSamples = 1 << 20

// Open reads a whole file into memory, through src.Files: a path outside
// its folders, not a regular file, or larger than its bound is refused
// before anything is read. Any malformed row fails it, naming the
// row as path:line.
func Open(src Source) (*Replay, error) {
	if src.Format != "" && src.Format != "jsonl" {
		return nil, fmt.Errorf("replay: %s: format %q is not supported (want \"jsonl\")", src.Path, src.Format)
	}
	if src.Fields.Text == "" || (src.Fields.ProblemID == "" && src.Fields.ProblemText == "") {
		return nil, fmt.Errorf("replay: %s: fields must name text and a problem id or problem text", src.Path)
	}
	f, err := src.Files.Open(src.Path)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	defer f.Close()
	r := &Replay{path: src.Path, fields: src.Fields, byID: map[string]*problem{}, byText: map[string]*problem{}}
	if err := r.read(f); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Replay) read(f io.Reader) error {
	br := bufio.NewReaderSize(f, 1<<20)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			if rerr := r.addLine(b); rerr != nil {
				return fmt.Errorf("replay: %s:%d: %w", r.path, line, rerr)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("replay: %s:%d: %w", r.path, line, err)
		}
	}
}

func (r *Replay) addLine(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var row map[string]any
	if err := dec.Decode(&row); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	p, err := r.problemFor(row)
	if err != nil {
		return err
	}
	samples, err := r.samples(row)
	if err != nil {
		return err
	}
	return r.place(p, row, samples)
}

// problemFor finds or creates the row's problem, keyed by ID when the file
// has IDs, else by normalised text.
func (r *Replay) problemFor(row map[string]any) (*problem, error) {
	var id, text string
	if f := r.fields.ProblemID; f != "" {
		v, err := stringField(row, f)
		if err != nil {
			return nil, err
		}
		id = v
	}
	if f := r.fields.ProblemText; f != "" {
		v, err := stringField(row, f)
		if err != nil {
			return nil, err
		}
		text = v
	}
	p := r.byText[normalise(text)]
	if id != "" {
		p = r.byID[id]
	}
	if p == nil {
		p = &problem{id: id, text: text}
		r.order = append(r.order, p)
		if id != "" {
			r.byID[id] = p
		}
		if text != "" {
			r.byText[normalise(text)] = p
		}
	}
	return p, nil
}

func stringField(row map[string]any, field string) (string, error) {
	v, ok := lookup(row, field)
	if !ok {
		return "", fmt.Errorf("field %q: %w", field, errMissing)
	}
	s, ok := scalarString(v)
	if !ok {
		return "", fmt.Errorf("field %q: want a string or number, got %s", field, describe(v))
	}
	return s, nil
}

// place stores the row's samples: a list row fills the problem, a single
// sample goes to its Sample index or the next free one.
func (r *Replay) place(p *problem, row map[string]any, samples []*backends.Completion) error {
	if r.listRow(row) {
		if len(p.samples) > 0 {
			return fmt.Errorf("problem %s appears in more than one row", p.name())
		}
		p.samples = samples
		return nil
	}
	at := len(p.samples)
	if f := r.fields.Sample; f != "" {
		v, _ := lookup(row, f)
		n, ok := number(v)
		if !ok || n < 0 || n != float64(int(n)) {
			return fmt.Errorf("field %q: want a sample index, got %s", f, describe(v))
		}
		if n >= MaxSamples {
			return fmt.Errorf("field %q: sample index %.0f is past the %d samples a problem may have", f, n, MaxSamples)
		}
		at = int(n)
	}
	for len(p.samples) <= at {
		p.samples = append(p.samples, nil)
	}
	if p.samples[at] != nil {
		return fmt.Errorf("problem %s: sample %d appears twice", p.name(), at)
	}
	p.samples[at] = samples[0]
	return nil
}

func describe(v any) string {
	if v == nil {
		return "nothing"
	}
	// JSON escapes control characters; the cut keeps a bad row to a short
	// excerpt, never the whole row.
	b, _ := json.Marshal(v)
	if len(b) > files.ExcerptLen {
		cut := files.ExcerptLen
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		b = append(b[:cut], "..."...)
	}
	return string(b)
}
