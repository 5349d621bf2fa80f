//go:build !unix

package answer

import "time"

var start = time.Now()

// cpuTime falls back to wall-clock time where processor time is not available.
func cpuTime() time.Duration { return time.Since(start) }
