package lang

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
// them; the embedded standard library answers `import 'aimo.libsonnet'`.
// A VM is not safe for concurrent use: make one per goroutine.
func MakeVM(roots []string, tlaStr, tlaCode map[string]string) *jsonnet.VM {
	vm := jsonnet.MakeVM()
	vm.Importer(newImporter(roots))
	vm.MaxStack = 1000
	for k, v := range tlaStr {
		vm.TLAVar(k, v)
	}
	for k, v := range tlaCode {
		vm.TLACode(k, v)
	}
	return vm
}

type importer struct {
	roots []string // absolute, cleaned
	lib   map[string]string
	cache map[string]jsonnet.Contents
}

func newImporter(roots []string) *importer {
	im := &importer{lib: LibraryFiles(), cache: map[string]jsonnet.Contents{}}
	for _, r := range roots {
		if abs, err := filepath.Abs(r); err == nil {
			im.roots = append(im.roots, resolveLinks(abs))
		}
	}
	return im
}

func resolveLinks(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return filepath.Clean(p)
}

// Import implements jsonnet.Importer.
func (im *importer) Import(importedFrom, importedPath string) (jsonnet.Contents, string, error) {
	if src, ok := im.lib[importedPath]; ok {
		return im.contents("<aimo>/"+importedPath, src), "<aimo>/" + importedPath, nil
	}
	if strings.HasPrefix(importedFrom, "<aimo>/") {
		return jsonnet.Contents{}, "", fmt.Errorf("library file %s not found", importedPath)
	}
	dirs := []string{filepath.Dir(importedFrom)}
	dirs = append(dirs, im.roots...)
	for _, dir := range dirs {
		candidate := filepath.Join(dir, importedPath)
		if filepath.IsAbs(importedPath) {
			candidate = filepath.Clean(importedPath)
		}
		abs, err := filepath.Abs(candidate)
		if err != nil {
			continue
		}
		b, err := os.ReadFile(abs)
		if err != nil {
			continue
		}
		if !im.allowed(resolveLinks(abs)) {
			return jsonnet.Contents{}, "", fmt.Errorf("import %q resolves outside the experiment directory and library path", importedPath)
		}
		return im.contents(candidate, string(b)), candidate, nil
	}
	return jsonnet.Contents{}, "", fmt.Errorf("couldn't find %q in the experiment directory or library path", importedPath)
}

func (im *importer) allowed(abs string) bool {
	for _, r := range im.roots {
		if abs == r || strings.HasPrefix(abs, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (im *importer) contents(foundAt, src string) jsonnet.Contents {
	c, ok := im.cache[foundAt]
	if !ok {
		c = jsonnet.MakeContents(src)
		im.cache[foundAt] = c
	}
	return c
}
