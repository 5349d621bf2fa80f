package runner

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

// readEndpoint reads the address a replica wrote: "http://HOST:PORT".
func readEndpoint(path string) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", false
	}
	var ep struct {
		Host string `json:"host"`
		Port int    `json:"port"`
	}
	if json.Unmarshal(b, &ep) != nil || ep.Host == "" || ep.Port <= 0 {
		return "", false
	}
	return "http://" + net.JoinHostPort(ep.Host, strconv.Itoa(ep.Port)), true
}

// healthy reports whether one GET of url answered 200.
func healthy(ctx context.Context, url string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func seconds(since time.Time) int { return int(time.Since(since).Round(time.Second) / time.Second) }
