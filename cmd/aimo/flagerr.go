package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aimo-dev/aimo/lang"
	"github.com/urfave/cli/v2"
)

var (
	undefinedFlag = regexp.MustCompile(`^flag provided but not defined: -+(.+)$`)
	badFlagValue  = regexp.MustCompile(`^invalid value "(.*)" for flag -+([^:]+): (.*)$`)
)

// flagUsageError is a usage error (exit 2) for a flag the command line got
// wrong. Go's flag package spells flags with one dash ("-sample") where aimo's
// help and users write two; an unknown flag gets the nearest known one and
// the command's help.
func flagUsageError(c *cli.Context, err error) error {
	msg := err.Error()
	flags, help := c.App.Flags, "aimo --help"
	if path := commandPath(c); path != "" {
		flags, help = c.Command.Flags, "aimo "+path+" --help"
	}
	if m := undefinedFlag.FindStringSubmatch(msg); m != nil {
		msg = "unknown flag --" + m[1]
		var names []string
		for _, f := range flags {
			names = append(names, f.Names()...)
		}
		if s := closestFlag(m[1], names); s != "" {
			msg += "; did you mean --" + s + "?"
		}
		return usageError{msg + " (see " + help + ")"}
	}
	if m := badFlagValue.FindStringSubmatch(msg); m != nil {
		return usageError{fmt.Sprintf("--%s: invalid value %q: %s", m[2], m[1], m[3])}
	}
	return usageError{msg}
}

// commandPath is the command c runs, with its parents ("cache stats"); ""
// at the top level.
func commandPath(c *cli.Context) string {
	var names []string
	for _, ctx := range c.Lineage() {
		if ctx.Command != nil && ctx.Command.Name != "" && ctx.Command.Name != c.App.Name {
			if len(names) == 0 || names[0] != ctx.Command.Name {
				names = append([]string{ctx.Command.Name}, names...)
			}
		}
	}
	return strings.Join(names, " ")
}

// closestFlag is the one flag name that starts with name (a flag cut
// short: --sett for --setting), else the nearest by spelling.
func closestFlag(name string, names []string) string {
	var prefixed []string
	for _, n := range names {
		if strings.HasPrefix(n, name) {
			prefixed = append(prefixed, n)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return lang.Closest(name, names)
}
