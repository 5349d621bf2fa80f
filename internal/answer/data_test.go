package answer

import (
	"encoding/json"
	"flag"
)

var update = flag.Bool("update", false, "rewrite golden files and the generated part of docs/grading.md")

// text renders a JSON scalar (string, number or null) as answer text.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		b, _ := json.Marshal(x)
		return string(b)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
