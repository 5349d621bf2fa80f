// Package lang turns an experiment file into a typed, validated Experiment.
// Jsonnet does composition (imports, functions, overrides); lang decodes the
// result strictly, so a typo is an error with a field path and a suggestion,
// never a silently ignored setting.
package lang

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/aimo-dev/aimo/internal/files"
	"github.com/google/go-jsonnet"
)

// Options configure evaluation.
type Options struct {
	// LibPaths are extra directories imports may resolve in (like jsonnet -J).
	LibPaths []string
	// TLAStr and TLACode are top-level arguments (like jsonnet -A / --tla-code).
	TLAStr  map[string]string
	TLACode map[string]string
	// MaxMemoryMB bounds the memory evaluation may take (0: the
	// $AIMO_JSONNET_MAX_MB environment variable, else DefaultJsonnetMaxMB).
	MaxMemoryMB int
}

// Evaluate runs the Jsonnet file and returns its JSON output.
func Evaluate(path string, opts Options) ([]byte, error) {
	ev, err := evaluate(path, opts)
	return ev.out, err
}

// evaluation is an experiment file evaluated: its JSON output, its source,
// and the source of every file of the user's it imported, by path.
type evaluation struct {
	out, src []byte
	imports  map[string]string
}

func evaluate(path string, opts Options) (evaluation, error) {
	maxMB, err := maxMemoryMB(opts)
	if err != nil {
		return evaluation{}, &ConfigError{File: path, Jsonnet: err.Error()}
	}
	src, err := readExperiment(path, maxMB)
	if err != nil {
		return evaluation{}, err
	}
	roots := append([]string{filepath.Dir(path)}, opts.LibPaths...)
	vm, im := makeVM(roots, int64(maxMB)<<20, opts.TLAStr, opts.TLACode)
	out, err := evaluateBounded(vm, path, string(src), maxMB)
	if err != nil {
		return evaluation{}, err
	}
	if len(opts.TLAStr)+len(opts.TLACode) > 0 {
		if err := checkTakesArguments(path, roots, opts); err != nil {
			return evaluation{}, err
		}
	}
	return evaluation{out: []byte(out), src: src, imports: im.read}, nil
}

// readExperiment reads the experiment file itself: a regular file (a named
// pipe would block), bounded like the evaluation, from any folder.
func readExperiment(path string, maxMB int) ([]byte, error) {
	src, err := files.Policy{MaxBytes: int64(maxMB) << 20, Raise: "--jsonnet-max-mb"}.ReadFile(path)
	var fe *files.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &ConfigError{File: path, Jsonnet: fmt.Sprintf("%s: cannot read experiment: no such file or directory", path)}
	case errors.As(err, &fe):
		return nil, &ConfigError{File: path, Jsonnet: fmt.Sprintf("%s: cannot read experiment: %s", path, fe.Reason)}
	case err != nil:
		return nil, &ConfigError{File: path, Jsonnet: fmt.Sprintf("%s: cannot read experiment: %v", path, err)}
	}
	return src, nil
}

// checkTakesArguments refuses top-level arguments given to a file that is
// not a function: Jsonnet would ignore them, and the user would believe an
// override took effect.
func checkTakesArguments(path string, roots []string, opts Options) error {
	vm := MakeVM(roots, nil, nil)
	snippet := fmt.Sprintf("std.isFunction(import %q)", filepath.Base(path))
	out, err := vm.EvaluateAnonymousSnippet(filepath.Join(filepath.Dir(path), "<tla-check>"), snippet)
	if err != nil || strings.TrimSpace(out) == "true" {
		return nil
	}
	var names []string
	for k := range opts.TLAStr {
		names = append(names, k)
	}
	for k := range opts.TLACode {
		names = append(names, k)
	}
	sort.Strings(names)
	return &ConfigError{File: path, Jsonnet: fmt.Sprintf("%s: top-level arguments given (%s), but the file is not a function: "+
		"write it as `function(%s) ...` to take them", path, strings.Join(names, ", "), strings.Join(names, ", "))}
}

// jsonnetMessage keeps go-jsonnet's text, which already names file:line:col.
func jsonnetMessage(err error) string {
	var rt jsonnet.RuntimeError
	if errors.As(err, &rt) {
		return rt.Error()
	}
	return err.Error()
}

// Load evaluates, decodes, defaults and validates an experiment.
func Load(path string, opts Options) (*Experiment, error) {
	ev, err := evaluate(path, opts)
	if err != nil {
		return nil, err
	}
	out := ev.out
	exp, errs := Decode(out)
	if len(errs) == 0 {
		applyDefaults(exp)
		errs = validate(exp)
		if explicitZeroSamples(out) {
			errs = append(errs, &FieldError{Path: "samples", Msg: "expected at least 1 sample per problem, found 0"})
		}
		errs = append(errs, explicitZeroLimits(out)...)
	}
	if len(errs) > 0 {
		locate(string(ev.src), ev.imports, errs)
		return nil, &ConfigError{File: path, Fields: errs}
	}
	exp.File = path
	exp.Imports = ev.imports
	exp.Dir = filepath.Dir(path)
	exp.Roots = append([]string{exp.Dir}, opts.LibPaths...)
	return exp, nil
}

// Decode maps evaluated JSON onto an Experiment, reporting every schema error.
func Decode(data []byte) (*Experiment, []*FieldError) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, []*FieldError{{Msg: "evaluated to invalid JSON: " + err.Error()}}
	}
	if _, ok := raw.(map[string]any); !ok {
		return nil, []*FieldError{{Msg: "an experiment must evaluate to an object, found " + describe(raw)}}
	}
	exp := &Experiment{}
	d := &decoder{}
	d.decode("", raw, reflect.ValueOf(exp).Elem())
	return exp, d.errs
}
