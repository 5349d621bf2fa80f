package kaggle

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/aimo-dev/aimo/lang"
)

// Metadata is kernel-metadata.json, what `kaggle kernels push` reads: the
// notebook runs on a GPU without internet, with the competition, datasets
// and models it loads from attached.
type Metadata struct {
	ID                 string   `json:"id"`
	Title              string   `json:"title"`
	CodeFile           string   `json:"code_file"`
	Language           string   `json:"language"`
	KernelType         string   `json:"kernel_type"`
	IsPrivate          bool     `json:"is_private"`
	EnableGPU          bool     `json:"enable_gpu"`
	EnableTPU          bool     `json:"enable_tpu"`
	EnableInternet     bool     `json:"enable_internet"`
	DatasetSources     []string `json:"dataset_sources"`
	CompetitionSources []string `json:"competition_sources"`
	KernelSources      []string `json:"kernel_sources"`
	ModelSources       []string `json:"model_sources"`
}

// Placeholder is the owner written when kaggle.kernel is not declared.
const Placeholder = "YOUR-KAGGLE-USERNAME"

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// KernelMetadata builds kernel-metadata.json for the experiment's kaggle
// section.
func KernelMetadata(e *lang.Experiment) Metadata {
	k := e.Kaggle
	if k == nil {
		k = &lang.Kaggle{}
	}
	slug := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(e.Name), "-"), "-") + "-aimo3"
	md := Metadata{ID: k.Kernel, Title: k.Title, CodeFile: NotebookName, Language: "python", KernelType: "notebook",
		IsPrivate: true, EnableGPU: true, DatasetSources: orEmpty(k.Datasets), CompetitionSources: []string{competition(k)},
		KernelSources: []string{}, ModelSources: orEmpty(k.ModelSources)}
	if md.ID == "" {
		md.ID = Placeholder + "/" + slug
	}
	if md.Title == "" {
		md.Title = path.Base(md.ID)
	}
	return md
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Unattached lists the config's /kaggle/input paths that no attached
// source mounts: the notebook would not find them on Kaggle.
func Unattached(cfg *Config, md Metadata) []string {
	var roots []string
	for _, d := range md.DatasetSources {
		roots = append(roots, path.Base(d))
	}
	for _, m := range md.ModelSources {
		roots = append(roots, strings.Split(m, "/")[1])
	}
	roots = append(roots, md.CompetitionSources...)
	var out []string
	for _, p := range []string{cfg.Model.Path, cfg.Offline.Wheels, cfg.Offline.Tiktoken, loraPath(cfg)} {
		if p == "" {
			continue
		}
		root := strings.SplitN(strings.TrimPrefix(p, lang.KaggleInput), "/", 2)[0]
		if !slices.Contains(roots, root) {
			out = append(out, fmt.Sprintf("%s (no attached source mounts /kaggle/input/%s)", p, root))
		}
	}
	return out
}

func loraPath(cfg *Config) string {
	if cfg.Model.LoRA == nil {
		return ""
	}
	return cfg.Model.LoRA.Path
}
