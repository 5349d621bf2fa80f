package main

import (
	"fmt"
	"io"
	"os/exec"
	"runtime"

	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/urfave/cli/v2"
)

func doctorCommand() *cli.Command {
	return &cli.Command{
		Name:  "doctor",
		Usage: "report what is installed (Go side, Python side, GPUs, vllm) and what each missing part disables",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "install", Usage: "create aimo's Python environment from the pinned requirements (a few GB; idempotent)"},
			&cli.BoolFlag{Name: "python", Usage: "print only the environment's interpreter path (exit 1 when it is not installed)"},
		},
		Action: func(c *cli.Context) error {
			w := c.App.Writer
			if c.Bool("install") {
				if err := pyenv.Install(c.Context, c.App.ErrWriter); err != nil {
					return err
				}
			}
			if c.Bool("python") {
				py, err := pyenv.Python()
				if err != nil {
					return err
				}
				fmt.Fprintln(w, py)
				return nil
			}
			return doctor(c, w)
		},
	}
}

func doctor(c *cli.Context, w io.Writer) error {
	fmt.Fprintf(w, "aimo %s (%s, %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "requirements: %s (hash %s)\n", "backends/pyenv/requirements.txt", pyenv.Hash())
	py, err := pyenv.Python()
	if err != nil {
		fmt.Fprintf(w, "python: %v\n", err)
		fmt.Fprintln(w, "  disabled: training, the transformers server, aimo model tiny, the Python tests")
	} else if p, err := pyenv.Run(c.Context, py); err != nil {
		fmt.Fprintf(w, "python: %s does not run: %v\n", py, err)
	} else {
		printProbe(w, p)
	}
	if v, err := exec.LookPath("vllm"); err == nil {
		fmt.Fprintf(w, "vllm: %s\n", v)
	} else {
		fmt.Fprintln(w, "vllm: not on PATH (aimo.model.vllm needs it: pip install vllm on a GPU machine; aimo.model.hf works without)")
	}
	return nil
}

func printProbe(w io.Writer, p *pyenv.Probe) {
	fmt.Fprintf(w, "python: %s (Python %s)\n", p.Python, p.Version)
	for _, f := range pyenv.Features {
		if v := p.Packages[f.Package]; v != "" {
			fmt.Fprintf(w, "  %-13s %s\n", f.Package, v)
		} else {
			fmt.Fprintf(w, "  %-13s missing: disables %s\n", f.Package, f.Disables)
		}
	}
	if len(p.CUDA) == 0 {
		fmt.Fprintln(w, "gpu: none visible to torch (training and the transformers server run on CPU: fp32 only)")
		return
	}
	for i, name := range p.CUDA {
		fmt.Fprintf(w, "gpu %d: %s\n", i, name)
	}
	fmt.Fprintf(w, "bf16: %v\n", p.BF16)
}
