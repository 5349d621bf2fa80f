package lang

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aimo-dev/aimo/internal/files"
	"github.com/google/go-jsonnet"
)

//go:embed lib/*.libsonnet
var libFS embed.FS

// LibraryFiles lists the embedded library files users may import, by import path.
func LibraryFiles() map[string]string {
	files := map[string]string{}
	entries, _ := libFS.ReadDir("lib")
	for _, e := range entries {
		b, _ := libFS.ReadFile("lib/" + e.Name())
		files[e.Name()] = string(b)
	}
	return files
}

// MakeVM is the one place a Jsonnet VM is configured. Imports resolve against
// the importing file's directory, then the library paths, and never outside
// them (the files policy); the embedded standard library answers
// `import 'aimo.libsonnet'`. A VM is not safe for concurrent use: make one
// per goroutine.
func MakeVM(roots []string, tlaStr, tlaCode map[string]string) *jsonnet.VM {
	vm, _ := makeVM(roots, DefaultJsonnetMaxMB<<20, tlaStr, tlaCode)
	return vm
}

// makeVM is MakeVM with a bound on each imported file (one larger than the
// evaluation may use could not be evaluated anyway), and its importer, which
// keeps the user's files it read.
func makeVM(roots []string, maxBytes int64, tlaStr, tlaCode map[string]string) (*jsonnet.VM, *importer) {
	vm := jsonnet.MakeVM()
	im := newImporter(roots, maxBytes)
	vm.Importer(im)
	vm.MaxStack = 1000
	for k, v := range tlaStr {
		vm.TLAVar(k, v)
	}
	for k, v := range tlaCode {
		vm.TLACode(k, v)
	}
	return vm, im
}

type importer struct {
	files files.Policy
	lib   map[string]string
	cache map[string]jsonnet.Contents
	// read holds the user's files imported so far, by path, for finding
	// where a field of the result was written.
	read map[string]string
}

func newImporter(roots []string, maxBytes int64) *importer {
	return &importer{
		files: files.Policy{Roots: roots, MaxBytes: maxBytes, Raise: "--jsonnet-max-mb"},
		lib:   LibraryFiles(), cache: map[string]jsonnet.Contents{}, read: map[string]string{},
	}
}

// Import implements jsonnet.Importer.
func (im *importer) Import(importedFrom, importedPath string) (jsonnet.Contents, string, error) {
	if src, ok := im.lib[importedPath]; ok {
		return im.contents("<aimo>/"+importedPath, src), "<aimo>/" + importedPath, nil
	}
	if strings.HasPrefix(importedFrom, "<aimo>/") {
		return jsonnet.Contents{}, "", fmt.Errorf("library file %s not found", importedPath)
	}
	dirs := im.files.Roots
	if importedFrom != "" { // go-jsonnet passes "" for some import sites
		dirs = append([]string{filepath.Dir(importedFrom)}, dirs...)
	}
	for _, dir := range dirs {
		candidate := filepath.Join(dir, importedPath)
		if filepath.IsAbs(importedPath) {
			candidate = filepath.Clean(importedPath)
		}
		// Lstat only asks whether a name exists here: it neither follows a
		// link nor opens the file, so the policy decides before any read.
		if _, err := os.Lstat(candidate); err != nil {
			continue
		}
		if c, ok := im.cache[candidate]; ok {
			return c, candidate, nil
		}
		b, err := im.files.ReadFile(candidate)
		if err != nil {
			var fe *files.Error
			if errors.As(err, &fe) {
				return jsonnet.Contents{}, "", fmt.Errorf("import %q: %s", importedPath, fe.Reason)
			}
			return jsonnet.Contents{}, "", fmt.Errorf("import %q: %w", importedPath, err)
		}
		im.read[candidate] = string(b)
		return im.contents(candidate, string(b)), candidate, nil
	}
	return jsonnet.Contents{}, "", fmt.Errorf("couldn't find %q in the experiment directory or library path", importedPath)
}

func (im *importer) contents(foundAt, src string) jsonnet.Contents {
	c, ok := im.cache[foundAt]
	if !ok {
		c = jsonnet.MakeContents(src)
		im.cache[foundAt] = c
	}
	return c
}
