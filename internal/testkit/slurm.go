package testkit

import (
	"os"
	"os/exec"
	"testing"
)

// NeedSlurm skips a test that needs a Slurm cluster where sinfo is not on
// PATH or the controller does not answer, saying how to start one; with
// AIMO_REQUIRE_SLURM=1 (CI, which starts one) it fails instead.
func NeedSlurm(t testing.TB) {
	t.Helper()
	msg := ""
	if _, err := exec.LookPath("sinfo"); err != nil {
		msg = "no Slurm here (sinfo is not on PATH)"
	} else if err := exec.Command("scontrol", "ping").Run(); err != nil {
		msg = "Slurm's controller does not answer (scontrol ping failed)"
	}
	if msg == "" {
		return
	}
	msg += "; start a single-node cluster with sudo .ci/slurm-up.sh"
	if os.Getenv("AIMO_REQUIRE_SLURM") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
