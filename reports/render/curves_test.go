package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/reports/eval"
)

// TestCurvesShowAvgAndGPassWithSeveralSamples: avg@k and G-Pass@k columns
// appear once some pool has more than one sample per problem, and not for
// one-sample sweeps, where they would repeat pass@1.
func TestCurvesShowAvgAndGPassWithSeveralSamples(t *testing.T) {
	pool := func(n int) Pool {
		p := Pool{Set: "s", Cell: "c"}
		for k := 1; k <= n; k++ {
			p.PassAtK, p.MajAtK, p.AvgAtK, p.MGPassAtK = append(p.PassAtK, 0.5), append(p.MajAtK, 0.5), append(p.AvgAtK, 0.25), append(p.MGPassAtK, 0.125)
		}
		for _, tau := range eval.GPassTaus {
			p.GPassAtK = append(p.GPassAtK, eval.GPass{Tau: tau, Values: p.AvgAtK})
		}
		return p
	}
	for _, tt := range []struct {
		samples int
		want    bool
	}{{1, false}, {4, true}} {
		rep := &Report{Doc: &Document{Pools: []Pool{pool(tt.samples)}, Settings: []eval.Setting{{K: 1}, {K: tt.samples}}}}
		var b bytes.Buffer
		rep.mdCurves(&b)
		md := b.String()
		if got := strings.Contains(md, "| avg@k | G-Pass@k τ=0.5 | G-Pass@k τ=1 | mG-Pass@k |"); got != tt.want {
			t.Errorf("%d samples: avg@k and G-Pass@k columns shown %v, want %v\n%s", tt.samples, got, tt.want, md)
		}
		if tt.want && !strings.Contains(md, "| s | c | 4 | 0.500 | 0.500 | 0.250 | 0.250 | 0.250 | 0.125 |") {
			t.Errorf("row for k=4 missing:\n%s", md)
		}
	}
}
