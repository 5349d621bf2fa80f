package kaggle

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aimo-dev/aimo/internal/atomicfile"
)

// Files written by Write.
const (
	NotebookName = "notebook.ipynb"
	ConfigName   = "config.json"
	MetadataName = "kernel-metadata.json"
)

// Write writes the notebook, the same code as one Python file, config.json
// and kernel-metadata.json into dir, creating it.
func Write(dir string, cfg *Config, md Metadata) error {
	nb, err := Notebook(cfg)
	if err != nil {
		return err
	}
	mod, err := Module(cfg)
	if err != nil {
		return err
	}
	js, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return fmt.Errorf("kaggle: encode config: %w", err)
	}
	meta, err := json.MarshalIndent(md, "", "  ")
	if err != nil {
		return fmt.Errorf("kaggle: encode metadata: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("kaggle: %w", err)
	}
	files := map[string][]byte{NotebookName: append(nb, '\n'), ModuleName: []byte(mod), ConfigName: append(js, '\n'), MetadataName: append(meta, '\n')}
	for _, name := range []string{ConfigName, MetadataName, ModuleName, NotebookName} {
		if err := atomicfile.Write(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return fmt.Errorf("kaggle: %w", err)
		}
	}
	return nil
}
