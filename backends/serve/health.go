package serve

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// pollEvery is how often the health endpoint is asked while a server loads.
const pollEvery = 200 * time.Millisecond

// waitHealthy polls the health endpoint until it answers 200. A server that
// exits, takes longer than StartupTimeout, or is cancelled through ctx ends
// the wait with an error, after its whole process group is stopped.
func (s *Server) waitHealthy(ctx context.Context) error {
	start := time.Now()
	deadline := time.NewTimer(s.spec.StartupTimeout)
	defer deadline.Stop()
	poll := time.NewTicker(pollEvery)
	defer poll.Stop()
	report := time.NewTicker(s.spec.ProgressEvery)
	defer report.Stop()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for {
		select {
		case <-ctx.Done():
			s.Stop()
			return fmt.Errorf("%s: start-up interrupted: %w", s.spec.Name, ctx.Err())
		case <-s.done:
			s.Stop() // its engine processes may outlive it
			return s.failure(exitStatus(s.cmd.ProcessState, nil) + " before becoming healthy")
		case <-deadline.C:
			s.Stop()
			return s.failure(fmt.Sprintf("not healthy after %v", s.spec.StartupTimeout))
		case <-report.C:
			progress(s.spec.Progress, "waiting for %s (%d s)", s.spec.Name, seconds(start))
		case <-poll.C:
			if s.healthy(ctx, client) {
				progress(s.spec.Progress, "%s is ready at %s (%d s)", s.spec.Name, s.BaseURL(), seconds(start))
				return nil
			}
		}
	}
}

// healthy reports whether one GET of the health endpoint answered 200. Refused
// connections are normal while a server loads.
func (s *Server) healthy(ctx context.Context, client *http.Client) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+s.addr()+s.spec.HealthPath, nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func seconds(since time.Time) int { return int(time.Since(since).Round(time.Second) / time.Second) }
