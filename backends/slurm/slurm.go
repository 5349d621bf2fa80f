// Package slurm runs aimo's trainers and servers as Slurm jobs, through the
// commands every cluster has: sbatch submits, scontrol (and sacct, where
// accounting keeps finished jobs) follows, scancel cancels. It is opinionated
// about three things: a job's script is plain text a person can read and
// submit by hand (aimo plan shows it); a job is followed until Slurm says how
// it ended, and a failure is told with its exit code and the end of its own
// log; and every job aimo submits is cancelled when aimo stops, so nothing is
// left queued or running.
package slurm

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Options are the sbatch settings of a job; empty ones are left to the
// cluster's defaults.
type Options struct {
	Partition  string
	Account    string
	QOS        string
	GPUsPerJob int
	CPUs       int
	Mem        string
	Time       string
	Constraint string
	// Extra are further sbatch options, one each: "--exclusive".
	Extra []string
	// Setup is shell code run first in each job (module load, source ...).
	Setup string
}

// Cluster runs the Slurm commands. The zero value finds them on PATH.
type Cluster struct {
	// Bin is the folder holding sbatch, scontrol, sacct and scancel; empty
	// means PATH.
	Bin string
}

// ErrNoSlurm says the Slurm commands are not installed here.
var ErrNoSlurm = errors.New("the Slurm commands (sbatch, scontrol, scancel) are not on PATH: run aimo on a cluster's login node, or use --launcher local")

// Available reports whether the Slurm commands can be run.
func (c Cluster) Available() error {
	for _, name := range []string{"sbatch", "scontrol", "scancel"} {
		if _, err := exec.LookPath(c.path(name)); err != nil {
			return ErrNoSlurm
		}
	}
	return nil
}

func (c Cluster) path(name string) string {
	if c.Bin == "" {
		return name
	}
	return c.Bin + "/" + name
}

// run runs a Slurm command in dir and returns its stdout; a failure carries
// the command's own message.
func (c Cluster) run(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, c.path(name), args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return string(out), fmt.Errorf("%s %s: %s", name, strings.Join(args, " "), msg)
	}
	return string(out), nil
}

// Submit submits the script file in dir (its relative paths resolve there)
// and returns the job id.
func (c Cluster) Submit(ctx context.Context, dir, script string) (string, error) {
	out, err := c.run(ctx, dir, "sbatch", "--parsable", script)
	if err != nil {
		return "", err
	}
	id, _, _ := strings.Cut(strings.TrimSpace(out), ";") // "ID;CLUSTER" on federated clusters
	if id == "" || strings.ContainsAny(id, " \n") {
		return "", fmt.Errorf("sbatch answered %q, not a job id", out)
	}
	return id, nil
}

// Cancel cancels jobs (whole arrays, or array tasks as "ID_N"). Jobs that
// have already ended are no error.
func (c Cluster) Cancel(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := c.run(ctx, "", "scancel", ids...)
	if err != nil && strings.Contains(err.Error(), "Invalid job id") {
		return nil
	}
	return err
}
