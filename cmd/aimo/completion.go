package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

const bashCompletion = `# aimo bash completion: source <(aimo completion bash)
_aimo_complete() {
  local cur opts
  cur="${COMP_WORDS[COMP_CWORD]}"
  opts=$("${COMP_WORDS[0]}" "${COMP_WORDS[@]:1:$COMP_CWORD-1}" --generate-bash-completion 2>/dev/null)
  COMPREPLY=($(compgen -W "${opts}" -- "${cur}"))
  [ ${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=($(compgen -f -- "${cur}"))
  return 0
}
complete -o default -F _aimo_complete aimo
`

const zshCompletion = `#compdef aimo
# aimo zsh completion: source <(aimo completion zsh)
_aimo() {
  local -a opts
  opts=("${(@f)$(${words[1]} ${words[@]:1:#words[@]-2} --generate-bash-completion 2>/dev/null)}")
  _describe 'aimo' opts
  _files
}
compdef _aimo aimo
`

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		ArgsUsage: "bash|zsh|fish",
		Action: func(c *cli.Context) error {
			shell, err := oneArg(c, "shell name")
			if err != nil {
				return err
			}
			switch shell {
			case "bash":
				_, err = fmt.Fprint(c.App.Writer, bashCompletion)
			case "zsh":
				_, err = fmt.Fprint(c.App.Writer, zshCompletion)
			case "fish":
				var s string
				if s, err = c.App.ToFishCompletion(); err == nil {
					_, err = fmt.Fprint(c.App.Writer, s)
				}
			default:
				return usagef("unknown shell %q; expected bash, zsh or fish", shell)
			}
			return err
		},
	}
}
