package runner

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends/slurm"
)

// TestReplicaSeenCompletingLeavesThePool: a replica that served and is
// caught completing on its way to CANCELLED is routed to no more, and its
// end is told as a replica leaving the pool, as when the poll sees it
// cancelled straight away (the poll's timing decides which it sees).
func TestReplicaSeenCompletingLeavesThePool(t *testing.T) {
	for _, states := range [][]string{{"CANCELLED"}, {"COMPLETING", "CANCELLED"}} {
		var out bytes.Buffer
		f := &Fleet{opts: FleetOptions{Out: &out}}
		p := &replicaPool{key: "tiny", rec: &slurm.Record{ID: "8", Dir: t.TempDir()}, replicas: make([]replica, 2)}
		p.replicas[0].url, p.replicas[1].url = "http://a/v1", "http://b/v1"
		for _, state := range states {
			f.updateReplicas(context.Background(), p, []slurm.Task{{ID: "8_0", Index: 0, State: state}, {ID: "8_1", Index: 1, State: "RUNNING"}})
			if p.replicas[0].url != "" {
				t.Errorf("%v: replica 1 still routed to once %s", states, state)
			}
		}
		if !strings.Contains(out.String(), "model tiny, replica 1: Slurm job 8_0 CANCELLED; 1 replica(s) left") || strings.Contains(out.String(), "last log lines") {
			t.Errorf("%v: told\n%s\nwant replica 1 leaving the pool, 1 left", states, out.String())
		}
	}
}
