package tir

import (
	"context"
	"fmt"

	"github.com/aimo-dev/aimo/backends"
)

// run runs c.Code in the attempt's session, started on the first call so
// that attempts which never write code cost no Python process, and fills
// in what the model is shown.
func (a *attempt) run(ctx context.Context, c *backends.Call) error {
	if a.session == nil {
		s, err := a.loop.Pool.Session(ctx)
		if err != nil {
			return fmt.Errorf("sandbox: %w", err)
		}
		a.session = s
	}
	res, err := a.session.Run(ctx, c.Code)
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	c.Output, c.Error = res.Text(), res.Error
	c.TimedOut, c.Truncated, c.Reset = res.TimedOut, res.Truncated, res.Reset
	c.DurationS = res.Duration.Seconds()
	return nil
}

// refuse answers a call that cannot run with an error the model is shown.
func refuse(c *backends.Call, msg string) {
	c.Output, c.Error = msg, msg
}

// unanswered marks every call of t as never run.
func unanswered(t *backends.Turn) {
	for i := range t.Calls {
		t.Calls[i].Unanswered = true
	}
}

// limitReached ends the conversation at a turn that asked for more rounds
// than allowed.
func (a *attempt) limitReached(t *backends.Turn) bool {
	if a.rounds < a.settings.MaxRounds {
		return false
	}
	unanswered(t)
	t.Stop = fmt.Sprintf("the tool round limit (max_rounds %d) was reached", a.settings.MaxRounds)
	return true
}
