package runner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimo-dev/aimo/backends/serve"
	"github.com/aimo-dev/aimo/backends/slurm"
)

// Plan scripts name aimo's Python and its programs' folder with these
// placeholders; submitted scripts carry the real paths.
const (
	planPython   = "PYTHON"
	planPrograms = "PROGRAMS"
)

// Files of a job's folder, relative to it.
const (
	trainOutput   = "task-%a/job.log"
	replicaOutput = "replica-%a/job.log"
	endpointFile  = "endpoint.json"
	eventsFile    = "events.jsonl"
)

// pythonEnv is the shell code that puts aimo's programs on PYTHONPATH, as
// hf.ExtraEnv does for a local child, with one OpenMP thread per CPU Slurm
// gave the task unless the environment says otherwise.
func pythonEnv(programs string) string {
	return "export PYTHONPATH=" + slurm.Quote(programs) + "${PYTHONPATH:+:$PYTHONPATH}\n" +
		"export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false\n" +
		"export OMP_NUM_THREADS=${OMP_NUM_THREADS:-${SLURM_CPUS_PER_TASK:-1}}\n"
}

// trainScript is the job array that trains one grid's adapters, task i
// training ts[i] from task-i/spec.json into task-i/adapter.
func (f *Fleet) trainScript(grid string, ts []Training, python, programs string) slurm.Script {
	var c strings.Builder
	fmt.Fprintf(&c, "aimo: trains adapters of grid %s (experiment %s), one per array task:\n", grid, f.sw.Exp.Name)
	for i, t := range ts {
		fmt.Fprintf(&c, "  task %d: %s (adapter %s)\n", i, t.Name, t.ID)
	}
	c.WriteString("Task N reads task-N/spec.json, writes task-N/adapter and its progress to\ntask-N/events.jsonl; aimo follows the job and keeps each finished adapter.")
	body := pythonEnv(programs) + "task=task-$SLURM_ARRAY_TASK_ID\n" +
		slurm.Quote(python) + ` -m aimo_hf.train --spec "$task/spec.json" >"$task/` + eventsFile + `"`
	return slurm.Script{
		Name: "aimo-" + f.sw.Exp.Name + "-train-" + grid, Comment: c.String(), Tasks: len(ts), Output: trainOutput,
		Options: slurmOptions(f.sw.Exp.TrainingLauncher(grid)), Body: body,
	}
}

// serveScript is the job array of model key's server replicas. Each task
// picks a free port on its node, writes its address to
// replica-N/endpoint.json, then becomes the server, listening on every
// interface so that aimo can reach it from another machine.
func (f *Fleet) serveScript(key string, spec serve.Spec, programs string) (slurm.Script, error) {
	m := f.sw.Exp.Models[key]
	argv := spec.Argv(0)
	host, port := slices.Index(argv, "--host"), slices.Index(argv, "--port")
	if host < 0 || port < 0 || host+1 >= len(argv) || port+1 >= len(argv) {
		return slurm.Script{}, fmt.Errorf("model %s: the server command has no --host and --port to set", key)
	}
	argv[host+1] = "0.0.0.0"
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = slurm.Quote(a)
	}
	words[port+1] = `"$port"`
	python := "python3"
	env := ""
	if m.Backend == "hf" {
		python, env = argv[0], pythonEnv(programs)
	}
	body := "replica=replica-$SLURM_ARRAY_TASK_ID\n" +
		"rm -f \"$replica/" + endpointFile + "\" # a requeued task reports afresh\n"
	if m.Serve != nil && m.Serve.Port != 0 {
		body += fmt.Sprintf("port=%d\n", m.Serve.Port)
	} else {
		body += "port=$(" + slurm.Quote(python) + ` -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')` + "\n"
	}
	body += "host=$(hostname -f 2>/dev/null || hostname)\n" +
		`printf '{"host": "%s", "port": %s}\n' "$host" "$port" >"$replica/` + endpointFile + `.tmp"` + "\n" +
		`mv "$replica/` + endpointFile + `.tmp" "$replica/` + endpointFile + `"` + "\n" +
		env + "exec " + strings.Join(words, " ")
	n := replicas(m)
	comment := fmt.Sprintf("aimo: serves model %s (experiment %s), %d replica(s), one per array task.\n", key, f.sw.Exp.Name, n) +
		"Task N writes its address to replica-N/endpoint.json and runs the server; aimo\n" +
		"waits for its health, routes requests to it, and cancels the job when done."
	return slurm.Script{
		Name: "aimo-" + f.sw.Exp.Name + "-serve-" + key, Comment: comment, Tasks: n, Output: replicaOutput,
		Options: slurmOptions(m.Launcher), Body: body,
	}, nil
}
