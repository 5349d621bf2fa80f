package runner

import (
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

func TestCheckToolsRefusesModelsThatCannotCallFunctions(t *testing.T) {
	e := &lang.Experiment{File: "x.jsonnet", Models: map[string]*lang.Model{
		"chat":   {Backend: "openai", Endpoint: "chat"},
		"plain":  {Backend: "openai", Endpoint: "completions"},
		"hf":     {Backend: "hf", Endpoint: "chat"},
		"replay": {Backend: "replay", Endpoint: "completions"},
	}}
	function := &ToolSpec{Format: "function"}
	cases := []struct {
		cell Cell
		want string // "" when the cell is fine
	}{
		{Cell{Name: "a", Model: "chat", Tools: function}, ""},
		{Cell{Name: "b", Model: "plain", Tools: function}, "needs the chat endpoint"},
		{Cell{Name: "c", Model: "hf", Tools: function}, "does not parse"},
		{Cell{Name: "d", Model: "replay", Tools: function}, ""},
		{Cell{Name: "e", Model: "plain", Tools: &ToolSpec{Format: "text"}}, ""},
		{Cell{Name: "f", Model: "plain"}, ""},
	}
	for _, c := range cases {
		err := checkTools(e, []Cell{c.cell})
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("cell %s: got %v, want %q", c.cell.Name, err, c.want)
		}
		if _, ok := err.(*lang.ConfigError); err != nil && !ok {
			t.Errorf("cell %s: error is %T, want a config error (exit 2)", c.cell.Name, err)
		}
	}
}
