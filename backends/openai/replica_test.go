package openai_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// replica is a server that can die and come back on the same address, as a
// restarted server job does.
type replica struct {
	t       *testing.T
	addr    string
	handler http.Handler
	hits    atomic.Int64
	srv     *http.Server
}

func newReplica(t *testing.T, latency time.Duration) *replica {
	inner := startServer(t, vllmtest.Options{Latency: latency})
	r := &replica{t: t}
	r.handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.hits.Add(1)
		inner.Config.Handler.ServeHTTP(w, req)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = l.Addr().String()
	r.serve(l)
	t.Cleanup(r.kill)
	return r
}

func (r *replica) url() string { return "http://" + r.addr }

func (r *replica) serve(l net.Listener) {
	r.srv = &http.Server{Handler: r.handler}
	go r.srv.Serve(l)
}

// kill closes the listener and every connection, requests in flight included.
func (r *replica) kill() { r.srv.Close() }

func (r *replica) revive() {
	l, err := net.Listen("tcp", r.addr)
	if err != nil {
		r.t.Fatal(err)
	}
	r.serve(l)
}

func TestReplicaThatDiesIsDroppedAndItsRequestsRetriedElsewhere(t *testing.T) {
	dying, staying := newReplica(t, 300*time.Millisecond), newReplica(t, 300*time.Millisecond)
	c := newClient(t, openai.Config{BaseURLs: []string{dying.url(), staying.url()}, Chat: true})
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range 20 {
		wg.Go(func() {
			if _, err := c.Generate(context.Background(), request(1)); err != nil {
				failed.Add(1)
				t.Error(err)
			}
		})
	}
	time.Sleep(100 * time.Millisecond) // both replicas hold requests in flight
	before := dying.hits.Load()
	dying.kill()
	wg.Wait()
	if failed.Load() > 0 || before == 0 {
		t.Fatalf("%d requests failed; the dying replica had %d in flight", failed.Load(), before)
	}
	st := c.Stats()
	if st.Succeeded != 20 || st.Failures["refused"] > 1 {
		t.Errorf("stats %+v: want 20 successes and at most one refused attempt (the replica is then down for every request)", st)
	}
	if got := staying.hits.Load(); got < 20 {
		t.Errorf("the staying replica served %d requests, want all 20 (the dying one's in-flight ones retried there)", got)
	}
}

func TestReplicaThatComesBackIsUsedAgain(t *testing.T) {
	flaky, steady := newReplica(t, 0), newReplica(t, 0)
	c := newClient(t, openai.Config{BaseURLs: []string{flaky.url(), steady.url()}, Chat: true})
	flaky.kill()
	for range 3 {
		if _, err := c.Generate(context.Background(), request(1)); err != nil {
			t.Fatal(err)
		}
	}
	if n := flaky.hits.Load(); n != 0 {
		t.Fatalf("dead replica served %d requests", n)
	}
	flaky.revive()
	time.Sleep(600 * time.Millisecond) // past its first down period
	if _, err := c.Generate(context.Background(), request(1)); err != nil {
		t.Fatal(err)
	}
	if n := flaky.hits.Load(); n != 1 {
		t.Errorf("revived replica served %d requests, want 1 (it is listed first and idle)", n)
	}
}

func TestServersJoinAndLeave(t *testing.T) {
	first, second := newReplica(t, 0), newReplica(t, 0)
	c := newClient(t, openai.Config{BaseURLs: []string{first.url()}, Chat: true, MaxRetries: 2})
	if err := c.AddServer(second.url()); err != nil {
		t.Fatal(err)
	}
	c.RemoveServer(first.url())
	if _, err := c.Generate(context.Background(), request(1)); err != nil {
		t.Fatal(err)
	}
	if first.hits.Load() != 0 || second.hits.Load() != 1 {
		t.Errorf("hits: removed %d, added %d; want 0 and 1", first.hits.Load(), second.hits.Load())
	}
	if got := c.Servers(); len(got) != 1 || got[0] != second.url() {
		t.Errorf("Servers() = %v, want only %s", got, second.url())
	}
	c.RemoveServer(second.url())
	_, err := c.Generate(context.Background(), request(1))
	var down *openai.DownError
	if !errors.As(err, &down) {
		t.Fatalf("with every server removed: got %v, want *DownError", err)
	}
	if err := c.AddServer("localhost:80"); err == nil {
		t.Error("AddServer accepted a URL without a scheme")
	}
}
