package sandbox

import (
	"fmt"
	"strings"
)

// Info is what a pool's workers run and how they are held.
type Info struct {
	Python  string   // the interpreter
	Version string   // its version
	Modules []Module // sympy, numpy, mpmath, then Config.Modules
	// Protections are network, user, processes and files, in that order.
	Protections []Protection
	// Limits restates the configured limits in words.
	Limits string
	// PreloadError is the traceback of Config.Preload, when it failed.
	PreloadError string
}

// Module is a Python module the model's code may want.
type Module struct {
	Name    string
	Version string // "" when unknown or missing
	Missing bool
}

// Protection is one kind of containment and whether it took effect. Detail
// says how, or why not.
type Protection struct {
	Name   string `json:"-"`
	Active bool   `json:"active"`
	Detail string `json:"detail"`
}

var protectionOrder = []string{"network", "user", "processes", "files"}

func describe(python string, h hello, cfg Config) Info {
	info := Info{Python: python, Version: h.Python, PreloadError: h.PreloadError, Limits: limits(cfg)}
	for _, name := range append([]string{"sympy", "numpy", "mpmath"}, cfg.Modules...) {
		v, ok := h.Modules[name]
		m := Module{Name: name, Missing: !ok || v == nil}
		if !m.Missing {
			m.Version = *v
		}
		info.Modules = append(info.Modules, m)
	}
	for _, name := range protectionOrder {
		p, ok := h.Protections[name]
		if !ok {
			p = Protection{Detail: "NOT reported by the worker"}
		}
		p.Name = name
		info.Protections = append(info.Protections, p)
	}
	return info
}

// Lines is the report `aimo sandbox` prints before the first cell: the
// protections, network first, then the interpreter, its modules and the
// limits.
func (i Info) Lines() []string {
	var lines []string
	for _, p := range i.Protections {
		lines = append(lines, p.Name+": "+p.Detail)
	}
	var mods []string
	for _, m := range i.Modules {
		switch {
		case m.Missing:
			mods = append(mods, m.Name+" MISSING")
		case m.Version == "":
			mods = append(mods, m.Name)
		default:
			mods = append(mods, m.Name+" "+m.Version)
		}
	}
	lines = append(lines, fmt.Sprintf("python: %s (%s); %s", i.Version, i.Python, strings.Join(mods, ", ")))
	lines = append(lines, "limits: "+i.Limits)
	if i.PreloadError != "" {
		lines = append(lines, "preload failed: "+i.PreloadError)
	}
	return lines
}

// Warnings are the protections that are not active, one line each, for a
// run to print once.
func (i Info) Warnings() []string {
	var out []string
	for _, p := range i.Protections {
		if !p.Active {
			out = append(out, "sandbox "+p.Name+": "+p.Detail)
		}
	}
	for _, m := range i.Modules {
		if m.Missing {
			out = append(out, fmt.Sprintf("sandbox: %s is not installed for %s; the model's code cannot import it", m.Name, i.Python))
		}
	}
	return out
}

func limits(c Config) string {
	return fmt.Sprintf("%s wall and %s CPU per cell, %s memory, %s processes, %s per file, %d bytes of output",
		c.Timeout, orOff(c.CPUTime >= 0, seconds(c.CPUTime), "s"), bytesOrOff(c.MemoryBytes),
		orOff(c.MaxProcs >= 0, c.MaxProcs, ""), bytesOrOff(c.MaxFileBytes), c.MaxOutput)
}

func orOff(on bool, n int, unit string) string {
	if !on {
		return "unlimited"
	}
	return fmt.Sprintf("%d%s", n, unit)
}

func bytesOrOff(n int64) string {
	switch {
	case n < 0:
		return "unlimited"
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
