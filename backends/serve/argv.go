package serve

import (
	"regexp"
	"strconv"
	"strings"
)

// LoRA is an adapter a server loads at start-up and serves under Name.
type LoRA struct {
	Name string
	Path string
}

// args builds a command line, adding only the flags that are set.
type args []string

func (a *args) add(s ...string) { *a = append(*a, s...) }

func (a *args) str(flag, v string) {
	if v != "" {
		a.add(flag, v)
	}
}

func (a *args) num(flag string, n int) {
	if n > 0 {
		a.add(flag, strconv.Itoa(n))
	}
}

func (a *args) float(flag string, f float64) {
	if f > 0 {
		a.add(flag, strconv.FormatFloat(f, 'f', -1, 64))
	}
}

// flag adds --name for true and --no-name for false, as vLLM's boolean
// options expect.
func (a *args) flag(name string, on *bool) {
	switch {
	case on == nil:
	case *on:
		a.add(name)
	default:
		a.add("--no-" + strings.TrimPrefix(name, "--"))
	}
}

func (a *args) seed(flag string, seed *int64) {
	if seed != nil {
		a.add(flag, strconv.FormatInt(*seed, 10))
	}
}

// plainWord is an argument a POSIX shell reads back unchanged without quotes.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// Describe writes argv as a command line a POSIX shell would run unchanged,
// quoting only the arguments that need it.
func Describe(argv []string) string {
	quoted := make([]string, len(argv))
	for i, arg := range argv {
		if plainWord.MatchString(arg) {
			quoted[i] = arg
		} else {
			quoted[i] = "'" + strings.ReplaceAll(arg, "'", `'\''`) + "'"
		}
	}
	return strings.Join(quoted, " ")
}
