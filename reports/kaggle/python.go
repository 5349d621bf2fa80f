package kaggle

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aimo-dev/aimo/backends/sandbox"
	"github.com/aimo-dev/aimo/backends/tir"
)

//go:embed py/*.py
var pySources embed.FS

// sections are the module's parts in order, each one notebook cell; the
// tool sections are there only when the configuration uses tools.
var sections = []struct {
	file, title string
	tools       bool
}{
	{"offline.py", "Offline set-up: vLLM's wheels, tiktoken's encodings and the weights, all from attached inputs.", false},
	{"answer.py", "Answer extraction: the last `\\boxed{}`, then the experiment's fallbacks (a port of aimo's Go grader).", false},
	{"integer.py", "Integer answers: exact evaluation, then the competition's range.", false},
	{"final.py", "Final answers: a truncated attempt abstains, and reasoning never votes.", false},
	{"vote.py", "Voting, early stopping, token entropy and the per-problem time policy.", false},
	{sourcesCell, "The sandbox worker: aimo's own (backends/sandbox/py/aimo_sandbox), written to a temporary folder when the sandbox starts.", true},
	{"sandbox.py", "The sandbox: aimo's worker installed, started in namespaces where the machine allows, the texts the model is shown.", true},
	{"sandbox_worker.py", "Sandbox workers: the worker's protocol, the wall-time limit, what a timeout, a crash or a broken protocol shows.", true},
	{"sandbox_pool.py", "Sandbox sessions: one persistent Python per attempt, from one pool.", true},
	{"textloop.py", "The text tool loop: code in ```python fences runs, its output comes back in an ```output block (a port of aimo's Go loop).", true},
	{"toolrun.py", "Tool conversations on the offline engine: attempts decode while others' code runs.", true},
	{"serve.py", "Serving: vLLM's offline engine, attempts in parallel, every problem guarded, the AIMO3 inference server.", false},
}

// sourcesCell stands for the cell that holds the sandbox worker's sources.
const sourcesCell = "SANDBOX_SOURCES"

// ModuleName is the exported Python file's name.
const ModuleName = "aimo_submission.py"

// header starts the module: what it is and the baked configuration.
func header(cfg *Config) (string, error) {
	js, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return "", fmt.Errorf("kaggle: encode config: %w", err)
	}
	lit, _ := json.Marshal(string(js)) // a JSON string is a valid Python string literal
	return fmt.Sprintf("# AIMO3 submission exported by aimo from experiment %q, cell %q (%s).\n"+
		"# Extraction and voting are ports of aimo's Go code; regenerate with `aimo export kaggle`.\n"+
		"# START is the notebook's start: the time budget, model loading included, counts from here.\n"+
		"import time\n\nSTART = time.time()\n"+
		"CONFIG_JSON = %s\n", cfg.Experiment, cfg.Cell, cfg.Setting, lit), nil
}

// cellSources returns the module split into notebook cells.
func cellSources(cfg *Config) ([]string, error) {
	h, err := header(cfg)
	if err != nil {
		return nil, err
	}
	out := []string{h}
	for _, s := range sectionsOf(cfg) {
		src, err := sectionSource(s.file)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	out = append(out, "if __name__ == \"__main__\":\n    main()\n")
	return out, nil
}

// sectionsOf are the sections of cfg's notebook.
func sectionsOf(cfg *Config) []struct {
	file, title string
	tools       bool
} {
	out := sections[:0:0]
	for _, s := range sections {
		if !s.tools || cfg.Tools != nil {
			out = append(out, s)
		}
	}
	return out
}

func sectionSource(file string) (string, error) {
	if file == sourcesCell {
		return sandboxSources()
	}
	b, err := pySources.ReadFile("py/" + file)
	if err != nil {
		return "", fmt.Errorf("kaggle: %w", err)
	}
	return string(b), nil
}

// sandboxSources is the cell that ships the sweep's sandbox worker: its
// files as one JSON object, which is a valid Python literal.
func sandboxSources() (string, error) {
	files, err := sandbox.Sources()
	if err != nil {
		return "", fmt.Errorf("kaggle: sandbox sources: %w", err)
	}
	js, err := json.MarshalIndent(files, "", " ")
	if err != nil {
		return "", fmt.Errorf("kaggle: sandbox sources: %w", err)
	}
	return "# The sandbox worker's package, path -> source, as aimo's sweeps run it (tool loop version " + tir.Version + ").\n" +
		"SANDBOX_SOURCES = " + string(js) + "\n", nil
}

// Module is the whole submission as one Python file.
func Module(cfg *Config) (string, error) {
	cells, err := cellSources(cfg)
	if err != nil {
		return "", err
	}
	return strings.Join(cells, "\n\n"), nil
}

// Notebook is the submission as an nbformat 4 notebook: a markdown cell
// before each code cell.
func Notebook(cfg *Config) ([]byte, error) {
	cells, err := cellSources(cfg)
	if err != nil {
		return nil, err
	}
	titles := []string{fmt.Sprintf("# AIMO3 submission: %s\n\nExported by `aimo export kaggle` from experiment `%s`, cell `%s`, setting `%s`: voting `%s` over %d attempts (early stop at %d), per-problem time clamp(left − %g × remaining, %g, %g) s within %g s less a %g s margin.",
		cfg.Cell, cfg.Experiment, cfg.Cell, cfg.Setting, cfg.Voting.Method, cfg.Voting.Attempts, cfg.Voting.EarlyStop, cfg.Time.ReserveS, cfg.Time.LowS, cfg.Time.HighS, cfg.Time.TotalS, cfg.Time.MarginS)}
	for _, s := range sectionsOf(cfg) {
		titles = append(titles, s.title)
	}
	titles = append(titles, "Start the server: `serve()` on a competition rerun, the local gateway otherwise.")
	nb := notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{
		"kernelspec":    map[string]string{"name": "python3", "display_name": "Python 3", "language": "python"},
		"language_info": map[string]string{"name": "python"},
	}}
	for i, src := range cells {
		nb.Cells = append(nb.Cells, markdownCell(titles[i], i), codeCell(src, i))
	}
	return json.MarshalIndent(nb, "", " ")
}

type notebook struct {
	Cells         []map[string]any `json:"cells"`
	Metadata      map[string]any   `json:"metadata"`
	NBFormat      int              `json:"nbformat"`
	NBFormatMinor int              `json:"nbformat_minor"`
}

func markdownCell(text string, i int) map[string]any {
	return map[string]any{"cell_type": "markdown", "id": fmt.Sprintf("md-%d", i), "metadata": map[string]any{}, "source": lines(text)}
}

// codeCell has the fields nbformat requires of code cells even when empty.
func codeCell(src string, i int) map[string]any {
	return map[string]any{"cell_type": "code", "id": fmt.Sprintf("code-%d", i), "metadata": map[string]any{},
		"source": lines(src), "execution_count": nil, "outputs": []any{}}
}

// lines splits text the way nbformat stores sources: lines keeping "\n".
func lines(text string) []string {
	parts := strings.SplitAfter(text, "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}
