package runner

import "regexp"

// localAddr matches the local end of a connection in Go's network errors
// ("read tcp 127.0.0.1:54321->127.0.0.1:8000: ..."): an ephemeral port that
// differs on every connection.
var localAddr = regexp.MustCompile(`\b((?:tcp|udp)[46]?) \S+?->`)

// groupable drops what differs between occurrences of the same failure, so
// a server resetting a thousand connections counts as one kind of failure,
// named by the server's address, not a thousand.
func groupable(msg string) string {
	return localAddr.ReplaceAllString(msg, "$1 ")
}
