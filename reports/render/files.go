package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aimo-dev/aimo/internal/atomicfile"
)

// File is one output of a report, by its path under the report directory.
type File struct {
	Path string
	Data []byte
}

// Files renders every output in memory: report.md, report.html,
// results.json, best.json and plots/NAME.svg and .png.
func (rep *Report) Files() ([]File, error) {
	var md, html bytes.Buffer
	if err := rep.Markdown(&md); err != nil {
		return nil, err
	}
	results, err := marshal(rep.Doc)
	if err != nil {
		return nil, err
	}
	best, err := marshal(rep.Best())
	if err != nil {
		return nil, err
	}
	files := []File{{"report.md", md.Bytes()}, {"results.json", results}, {"best.json", best}}
	svgs := map[string][]byte{}
	for _, f := range rep.figures {
		svg, err := f.SVG()
		if err != nil {
			return nil, err
		}
		png, err := f.PNG()
		if err != nil {
			return nil, err
		}
		svgs[f.Name] = svg
		files = append(files, File{"plots/" + f.Name + ".svg", svg}, File{"plots/" + f.Name + ".png", png})
	}
	if err := rep.HTML(&html, svgs); err != nil {
		return nil, err
	}
	return append(files, File{"report.html", html.Bytes()}), nil
}

func marshal(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return append(b, '\n'), nil
}

// Write writes files under dir, each to a temporary file renamed into place,
// so a reader never sees a half-written file and a failure leaves earlier
// versions intact.
func Write(dir string, files []File) error {
	for _, f := range files {
		if err := writeAtomic(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
