// Command fakevllm serves the in-process fake vLLM server (vllmtest) on a fixed
// loopback address, so that aimo and other tools can be benchmarked against
// the same server with the same latency and the same slot limit.
//
//	go run ./bench/fakevllm -addr 127.0.0.1:18765 -latency 20ms -slots 64
//
// It refuses any address that is not loopback: benchmarks must not put
// traffic on a network. On SIGINT or SIGTERM it prints how many generation
// requests it served and the share of its slot-time that was busy.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fakevllm:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:18765", "loopback `host:port` to listen on")
	latency := flag.Duration("latency", 20*time.Millisecond, "how long each request holds its slots")
	jitter := flag.Duration("jitter", 0, "spread latency uniformly over latency ± jitter")
	slots := flag.Int("slots", 0, "concurrent sequences, like vLLM's --max-num-seqs (0: unlimited)")
	flag.Parse()
	ln, err := loopback(*addr)
	if err != nil {
		return err
	}
	// vllmtest starts its own listener on a random port; its handler is
	// served here on the fixed address as well, with the same slot accounting.
	srv := vllmtest.New(vllmtest.Options{Slots: *slots, Latency: *latency, Jitter: *jitter})
	defer srv.Close()
	hs := &http.Server{Handler: srv.Config.Handler}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = hs.Shutdown(context.Background())
	}()
	fmt.Printf("fakevllm: listening on http://%s/v1 (latency %v, jitter %v, slots %d)\n", ln.Addr(), *latency, *jitter, *slots)
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Printf("fakevllm: served %d chat and %d completion requests; busy slot share %.1f%%\n",
		srv.Requests("/v1/chat/completions"), srv.Requests("/v1/completions"), 100*srv.Utilisation())
	return nil
}

// loopback listens on addr after checking it names a loopback IP.
func loopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("address %q: want a loopback IP such as 127.0.0.1", addr)
	}
	return net.Listen("tcp", addr)
}
