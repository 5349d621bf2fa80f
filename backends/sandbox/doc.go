// Package sandbox runs model-written Python for tool-integrated reasoning:
// one persistent worker process per attempt, so state carries from cell to
// cell as in a notebook, drawn from a pool of warm workers sized for the
// run's concurrency.
//
// The package is opinionated about containment. Each cell gets a wall-time
// limit enforced from Go by killing the worker's whole process group; the
// worker caps CPU time, memory, processes, file size and output; it runs in
// a private temporary folder that is removed afterwards, with an environment
// that carries no secrets, in fresh network, pid and mount namespaces where
// the OS allows them, and as an unprivileged user when aimo runs as root.
// Whatever could not be applied is reported in Info, never silently skipped.
// A failure of the model's code is a Result, not an error: Run returns an
// error only when aimo itself failed.
//
// The Python half lives in py/aimo_sandbox, embedded in the binary and
// written to the user cache folder on first use.
package sandbox
