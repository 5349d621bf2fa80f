package sandbox

import (
	"reflect"
	"testing"
)

func TestSplitCells(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Cell
	}{
		{"no separators", "x = 1\nprint(x)\n", []Cell{{"x = 1\nprint(x)\n", 1, 2}}},
		{"two cells", "x = 1\n# %%\nprint(x)\n", []Cell{{"x = 1\n", 1, 1}, {"print(x)\n", 3, 3}}},
		{"leading separator and a title", "# %% setup\nx = 1\n# %% [show]\nx\n", []Cell{{"x = 1\n", 2, 2}, {"x\n", 4, 4}}},
		{"trailing blank lines are not counted", "x = 1\n\n\n", []Cell{{"x = 1\n\n\n", 1, 1}}},
		{"empty cells dropped", "# %%\n\n# %%\nx\n# %%\n", []Cell{{"x\n", 4, 4}}},
		{"indented marker is code", "if True:\n    # %%\n    pass\n", []Cell{{"if True:\n    # %%\n    pass\n", 1, 3}}},
	}
	for _, tt := range tests {
		if got := SplitCells(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: SplitCells = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestParseBytes(t *testing.T) {
	good := map[string]int64{"2GiB": 2 << 30, "512M": 512 << 20, "64 MiB": 64 << 20, "1048576": 1 << 20, "1.5G": 3 << 29, "10kb": 10 << 10}
	for in, want := range good {
		if got, err := ParseBytes(in); err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "lots", "2 parsecs", "-1G", "G"} {
		if _, err := ParseBytes(in); err == nil {
			t.Errorf("ParseBytes(%q) succeeded", in)
		}
	}
}
