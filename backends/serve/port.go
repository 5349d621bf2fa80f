package serve

import (
	"fmt"
	"net"
	"strconv"
)

// FreePort returns a port on 127.0.0.1 that nothing listens on now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("no free port on 127.0.0.1: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// choosePort returns port, checked to be free, or a free one when it is 0. A
// busy port is refused because its health check would reach the wrong server.
func choosePort(port int) (int, error) {
	if port == 0 {
		return FreePort()
	}
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return 0, fmt.Errorf("port %d is in use (is another server running there?); choose another port or leave it 0 to pick a free one", port)
	}
	l.Close()
	return port, nil
}
