package slurm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Record is one job aimo submitted, as its ledger keeps it.
type Record struct {
	ID string `json:"id"`
	// Kind is "train" or "serve"; Name the adapter grid or model.
	Kind string `json:"kind"`
	Name string `json:"name"`
	// Tasks names what each array task does, by index: an adapter, a replica.
	Tasks []string `json:"tasks"`
	// Dir is the job's folder; Output its log pattern, relative to Dir.
	Dir       string    `json:"dir"`
	Output    string    `json:"output"`
	Submitted time.Time `json:"submitted"`
	// Final is how each task ended, once aimo saw it end or cancelled it;
	// Slurm forgets finished jobs, the ledger does not.
	Final []Task `json:"final,omitempty"`
}

// Log is the log file of task i.
func (r Record) Log(i int) string {
	return filepath.Join(r.Dir, expandOutput(r.Output, r.ID, i))
}

// expandOutput fills sbatch's %A (array job id), %a (task index) and %j.
func expandOutput(pattern, id string, i int) string {
	out := []byte{}
	for j := 0; j < len(pattern); j++ {
		if pattern[j] != '%' || j+1 == len(pattern) {
			out = append(out, pattern[j])
			continue
		}
		j++
		switch pattern[j] {
		case 'A', 'j':
			out = append(out, id...)
		case 'a':
			out = append(out, fmt.Sprint(i)...)
		default:
			out = append(out, '%', pattern[j])
		}
	}
	return string(out)
}

// Ledger is a JSON-lines file of the jobs aimo submitted for an experiment;
// a later line for a job replaces the earlier one. Only the aimo process
// running the experiment writes it.
type Ledger struct{ Path string }

// Put appends r.
func (l Ledger) Put(r Record) error {
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(l.Path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	b, err := json.Marshal(r)
	if err != nil {
		f.Close()
		return err
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Records returns every job, in the order they were submitted, each as its
// last line says. A missing ledger has no jobs.
func (l Ledger) Records() ([]Record, error) {
	f, err := os.Open(l.Path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Record
	at := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", l.Path, n, err)
		}
		if i, ok := at[r.ID]; ok {
			out[i] = r
			continue
		}
		at[r.ID] = len(out)
		out = append(out, r)
	}
	return out, sc.Err()
}
