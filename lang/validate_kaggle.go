package lang

import (
	"fmt"
	"regexp"
	"strings"
)

// KaggleInput is where Kaggle mounts attached datasets and models.
const KaggleInput = "/kaggle/input/"

// DefaultCompetition is the competition an exported notebook is attached to.
const DefaultCompetition = "ai-mathematical-olympiad-progress-prize-3"

// ReasoningEfforts are the values sampling.reasoning_effort accepts.
var ReasoningEfforts = []string{"high", "low", "medium"}

var (
	kaggleSlug  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9._-]*$`)
	kaggleModel = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*(/[A-Za-z0-9][A-Za-z0-9._-]*){3,4}$`)
)

// kaggle checks the kaggle section: ids in Kaggle's shapes, every path under
// /kaggle/input, and keys that name models and adapters of the experiment.
func (c *checker) kaggle(e *Experiment) {
	k := e.Kaggle
	if k == nil {
		return
	}
	if k.Kernel != "" && !kaggleSlug.MatchString(k.Kernel) {
		c.failf("kaggle.kernel", "expected a Kaggle id \"owner/slug\", found %q", k.Kernel)
	}
	for _, name := range keys(k.Models) {
		c.oneOf("kaggle.models."+name, "model", name, keys(e.Models))
		c.kagglePath("kaggle.models."+name, k.Models[name])
	}
	for _, name := range keys(k.Adapters) {
		if _, ok := e.Adapters[name]; !ok && !adapterOfGrid(e, name) {
			c.oneOf("kaggle.adapters."+name, "adapter", name, keys(e.Adapters))
		}
		c.kagglePath("kaggle.adapters."+name, k.Adapters[name])
	}
	if k.Wheels != "" {
		c.kagglePath("kaggle.wheels", k.Wheels)
	}
	if k.Tiktoken != "" {
		c.kagglePath("kaggle.tiktoken", k.Tiktoken)
	}
	for i, d := range k.Datasets {
		if !kaggleSlug.MatchString(d) {
			c.failf(fmt.Sprintf("kaggle.datasets[%d]", i), "expected a dataset id \"owner/slug\", found %q", d)
		}
	}
	for i, m := range k.ModelSources {
		if !kaggleModel.MatchString(m) {
			c.failf(fmt.Sprintf("kaggle.model_sources[%d]", i), "expected a model id \"owner/model/framework/variation[/version]\", found %q", m)
		}
	}
}

func (c *checker) kagglePath(path, p string) {
	if !strings.HasPrefix(p, KaggleInput) || strings.Contains(p, "..") {
		c.failf(path, "expected a path under %s (Kaggle notebooks load offline from attached inputs), found %q", KaggleInput, p)
	}
}

// adapterOfGrid reports whether name is one adapter of a grid: the grid's
// key followed by "-" and what varies ("lora-r8-a16").
func adapterOfGrid(e *Experiment, name string) bool {
	for key := range e.Adapters {
		if strings.HasPrefix(name, key+"-") {
			return true
		}
	}
	return false
}
