package openai

import "sync"

// router sends each attempt to the server with the fewest requests in flight
// from this client, ties going to the first listed. Counting in-flight requests
// needs no server cooperation and adapts at once when a server slows down.
type router struct {
	mu       sync.Mutex
	urls     []string
	inflight []int
}

func newRouter(urls []string) *router {
	return &router{urls: urls, inflight: make([]int, len(urls))}
}

// acquire picks a server, preferring ones this request has not seen refuse a
// connection, and counts the attempt as in flight until release.
func (r *router) acquire(avoid []bool) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	best := -1
	for i := range r.urls {
		if avoid != nil && avoid[i] && !allTrue(avoid) {
			continue
		}
		if best < 0 || r.inflight[i] < r.inflight[best] {
			best = i
		}
	}
	r.inflight[best]++
	return best
}

func (r *router) release(i int) {
	r.mu.Lock()
	r.inflight[i]--
	r.mu.Unlock()
}

func allTrue(bs []bool) bool {
	for _, b := range bs {
		if !b {
			return false
		}
	}
	return true
}
