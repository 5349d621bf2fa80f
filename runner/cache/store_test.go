package cache

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

func TestRoundTripKeepsEveryField(t *testing.T) {
	zeroOptionals := success("zero")
	zeroOptionals.Completion.MeanEntropy, zeroOptionals.Completion.Score = f64(0), f64(0)
	noTools := success("empty-tools")
	noTools.Completion.ToolTurns = []backends.Turn{}
	tests := []struct {
		name string
		row  Row
	}{
		{"every field set", success("full")},
		{"nil optionals stay nil", Row{Key: "bare", Cell: "c", Problem: "p", Model: "m",
			Completion: backends.Completion{Text: "x"}, CreatedAt: time.Unix(5, 0).UTC()}},
		{"zero optionals stay set", zeroOptionals},
		{"empty tool turns stay empty, not nil", noTools},
		{"unicode, quotes and NUL in text", Row{Key: "odd", Cell: "c", Problem: "p", Model: "m",
			Completion: backends.Completion{Text: "∑ 'x' \"y\" \x00 tail", Reasoning: "日本"},
			CreatedAt:  time.Unix(6, 7).UTC()}},
	}
	s := openTemp(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			put(t, s, tt.row)
			got, ok := lookupOne(t, s, tt.row.Key)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", tt.row.Key)
			}
			if !reflect.DeepEqual(got, tt.row) {
				t.Errorf("round trip changed the row\n got %+v\nwant %+v", got, tt.row)
			}
		})
	}
}

func TestPutSetsCreatedAtWhenZero(t *testing.T) {
	s := openTemp(t)
	r := success("k")
	r.CreatedAt = time.Time{}
	before := time.Now()
	put(t, s, r)
	got, _ := lookupOne(t, s, "k")
	if got.CreatedAt.Before(before.Add(-time.Second)) || got.CreatedAt.After(time.Now()) {
		t.Errorf("CreatedAt = %v, want about %v", got.CreatedAt, before)
	}
}

func TestFailuresAndSuccesses(t *testing.T) {
	first := success("k")
	second := success("k")
	second.Completion.Text = "a different answer"
	tests := []struct {
		name        string
		rows        []Row
		wantServed  *Row   // the success Lookup must return, or nil
		wantFailure string // the failure message recorded, or ""
	}{
		{"failure is recorded but not served", []Row{failure("k", "timeout")}, nil, "timeout"},
		{"later success replaces failure", []Row{failure("k", "timeout"), first}, &first, ""},
		{"failure never overwrites success", []Row{first, failure("k", "timeout")}, &first, ""},
		{"later failure keeps the newest message", []Row{failure("k", "a"), failure("k", "b")}, nil, "b"},
		{"first success wins", []Row{first, second}, &first, ""},
	}
	for _, tt := range tests {
		for _, batched := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/one transaction=%v", tt.name, batched), func(t *testing.T) {
				s := openTemp(t)
				for _, r := range tt.rows {
					s.Put(r)
					if !batched {
						put(t, s)
					}
				}
				put(t, s)
				checkServed(t, s, tt.wantServed, tt.wantFailure)
			})
		}
	}
}

func checkServed(t *testing.T, s *Store, want *Row, wantFailure string) {
	t.Helper()
	got, ok := lookupOne(t, s, "k")
	switch {
	case want == nil && ok:
		t.Errorf("Lookup served %+v, want nothing", got)
	case want != nil && (!ok || !reflect.DeepEqual(got, *want)):
		t.Errorf("Lookup served %+v, want %+v", got, *want)
	}
	if has, _ := s.Has([]string{"k"}); has["k"] != (want != nil) {
		t.Errorf("Has = %v, want %v", has["k"], want != nil)
	}
	fs := failures(t, s)
	gotFailure := ""
	if len(fs) > 0 {
		gotFailure = fs[len(fs)-1].Err
	}
	if len(fs) > 1 || gotFailure != wantFailure {
		t.Errorf("failures = %+v, want one with message %q", fs, wantFailure)
	}
}

func TestConcurrentPuts(t *testing.T) {
	s := openTemp(t)
	const writers, each = 16, 300
	var wg sync.WaitGroup
	var keys []string
	for w := range writers {
		for i := range each {
			keys = append(keys, fmt.Sprintf("w%02d-%04d", w, i))
		}
		wg.Go(func() {
			for i := range each {
				s.Put(success(fmt.Sprintf("w%02d-%04d", w, i)))
			}
		})
	}
	wg.Wait()
	put(t, s)
	has, err := s.Has(keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(has) != len(keys) {
		t.Errorf("Has found %d of %d keys put concurrently", len(has), len(keys))
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != writers*each {
		t.Errorf("Stats.Rows = %d, want %d", st.Rows, writers*each)
	}
}
