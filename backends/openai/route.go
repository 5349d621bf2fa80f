package openai

import (
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Down periods: a server that refuses or drops a connection is skipped for
// downBase, doubling with each loss in a row up to downMax, then tried
// again, so a server that comes back is used again within downMax.
const (
	downBase = 500 * time.Millisecond
	downMax  = 30 * time.Second
)

// router sends each attempt to the server with the fewest requests in flight
// from this client, ties going to the first listed. Counting in-flight requests
// needs no server cooperation and adapts at once when a server slows down.
//
// A server that refuses or drops a connection is down for a while for every request,
// not only the one that saw it, so a replica that dies costs one refused
// attempt rather than one per request. Servers join and leave while requests
// run (replicas that become ready or whose job ends); a server's index never
// changes, so a removed one is only marked gone.
type router struct {
	mu       sync.Mutex
	urls     []string
	inflight []int
	gone     []bool
	until    []time.Time // down until then
	strikes  []int       // connections lost in a row
}

func newRouter(urls []string) *router {
	r := &router{}
	for _, u := range urls {
		r.add(u)
	}
	return r
}

// add routes to u from now on; a server removed before is back.
func (r *router) add(u string) {
	if i := slices.Index(r.urls, u); i >= 0 {
		r.gone[i], r.until[i], r.strikes[i] = false, time.Time{}, 0
		return
	}
	r.urls = append(r.urls, u)
	r.inflight = append(r.inflight, 0)
	r.gone = append(r.gone, false)
	r.until = append(r.until, time.Time{})
	r.strikes = append(r.strikes, 0)
}

// acquire picks a live server and counts the attempt as in flight until
// release; -1 when none is left. It prefers, in turn, servers that are up
// and that this request has not seen refuse a connection, servers that are
// up, and any live server.
func (r *router) acquire(avoid []bool) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	tiers := []func(i int) bool{
		func(i int) bool { return !avoided(avoid, i) && !now.Before(r.until[i]) },
		func(i int) bool { return !now.Before(r.until[i]) },
		func(int) bool { return true },
	}
	for _, ok := range tiers {
		if best := r.leastLoaded(ok); best >= 0 {
			r.inflight[best]++
			return best
		}
	}
	return -1
}

func (r *router) leastLoaded(ok func(int) bool) int {
	best := -1
	for i := range r.urls {
		if !r.gone[i] && ok(i) && (best < 0 || r.inflight[i] < r.inflight[best]) {
			best = i
		}
	}
	return best
}

func avoided(avoid []bool, i int) bool { return i < len(avoid) && avoid[i] }

func (r *router) release(i int) {
	r.mu.Lock()
	r.inflight[i]--
	r.mu.Unlock()
}

// url returns server i's base URL.
func (r *router) url(i int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.urls[i]
}

// lost marks server i down for every request, for longer with each lost
// connection in a row.
func (r *router) lost(i int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.strikes[i]++
	r.until[i] = time.Now().Add(min(downMax, downBase<<min(r.strikes[i]-1, 16)))
}

// answered marks server i up: it answered over HTTP.
func (r *router) answered(i int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.strikes[i], r.until[i] = 0, time.Time{}
}

// remove stops routing to u.
func (r *router) remove(u string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := slices.Index(r.urls, u); i >= 0 {
		r.gone[i] = true
	}
}

// live lists the servers not removed, and whether refused covers them all.
func (r *router) live(refused []bool) (urls []string, allRefused bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	allRefused = true
	for i, u := range r.urls {
		if !r.gone[i] {
			urls = append(urls, u)
			allRefused = allRefused && avoided(refused, i)
		}
	}
	return urls, allRefused
}

// AddServer routes requests to baseURL too from now on: a replica that has
// become ready, or one that was removed and is back.
func (c *Client) AddServer(baseURL string) error {
	if err := checkURL(baseURL); err != nil {
		return err
	}
	c.router.mu.Lock()
	defer c.router.mu.Unlock()
	c.router.add(baseURL)
	return nil
}

// RemoveServer stops routing new attempts to baseURL: a replica whose job
// has ended. Requests in flight there finish, or fail and are retried on
// the servers left.
func (c *Client) RemoveServer(baseURL string) { c.router.remove(baseURL) }

// Servers lists the base URLs requests are routed to.
func (c *Client) Servers() []string {
	urls, _ := c.router.live(nil)
	return urls
}

func checkURL(u string) error {
	if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("openai: base URL %q: want http(s)://host[:port][/v1]", u)
	}
	return nil
}
