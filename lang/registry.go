package lang

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Registry returns the model registry the library fills ModelInfo from
// (lib/registry.libsonnet, `aimo.registry` in Jsonnet), sorted by key.
func Registry() ([]ModelInfo, error) {
	out, err := MakeVM(nil, nil, nil).EvaluateAnonymousSnippet("<registry>", "import 'registry.libsonnet'")
	if err != nil {
		return nil, fmt.Errorf("model registry: %w", err)
	}
	var byKey map[string]ModelInfo
	if err := json.Unmarshal([]byte(out), &byKey); err != nil {
		return nil, fmt.Errorf("model registry: %w", err)
	}
	list := make([]ModelInfo, 0, len(byKey))
	for k, m := range byKey {
		m.Key = k
		list = append(list, m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Key < list[j].Key })
	return list, nil
}
