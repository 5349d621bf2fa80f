package openai

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/aimo-dev/aimo/backends"
)

// DefaultMaxBodyMB bounds one response body, in MB: far above what a
// completion with logprobs takes, far below a server streaming forever.
const DefaultMaxBodyMB = 256

// defaultMaxBody is the bound on one response body where Config sets none:
// $AIMO_OPENAI_MAX_BODY_MB, else the default. New reads it once: reading
// the environment, which takes a lock, for each response showed in profiles
// of a busy client.
func defaultMaxBody() int64 {
	if n, err := strconv.Atoi(os.Getenv("AIMO_OPENAI_MAX_BODY_MB")); err == nil && n > 0 {
		return int64(n) << 20
	}
	return DefaultMaxBodyMB << 20
}

// readBody reads a response body up to max bytes. A longer body is a
// permanent error: a server that sent it once will send it again.
func readBody(r io.Reader, url string, max int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > max {
		return nil, backends.Permanent("%s: response body larger than the %s limit; "+
			"raise it with $AIMO_OPENAI_MAX_BODY_MB if the server's answers are really that large", url, mb(max))
	}
	return body, nil
}

func mb(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d-byte", n)
}
