package serve

import "strconv"

// HFOptions are the settings of aimo's transformers server (aimo_hf.serve),
// for machines without vLLM. Zero values leave the server's defaults.
type HFOptions struct {
	Python      string // default "python3"
	Model       string // a local path or a hub id
	ServedName  string // the name requests use
	LoRAs       []LoRA
	Dtype       string // e.g. bfloat16, float32
	Device      string // e.g. cuda, cpu
	Seed        *int64
	MaxModelLen int
}

// HFArgv returns the command line of aimo's transformers server for o, bound
// to 127.0.0.1. The caller puts aimo_hf on PYTHONPATH through Spec.Env.
func HFArgv(o HFOptions) func(port int) []string {
	return func(port int) []string {
		python := o.Python
		if python == "" {
			python = "python3"
		}
		a := args{python, "-m", "aimo_hf.serve", "--model", o.Model}
		a.str("--served-model-name", o.ServedName)
		a.add("--host", "127.0.0.1", "--port", strconv.Itoa(port))
		for _, l := range o.LoRAs {
			a.add("--lora", l.Name+"="+l.Path)
		}
		a.str("--dtype", o.Dtype)
		a.str("--device", o.Device)
		a.seed("--seed", o.Seed)
		a.num("--max-model-len", o.MaxModelLen)
		return a
	}
}
