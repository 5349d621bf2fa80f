package cache

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/aimo-dev/aimo/backends"
)

// TestFindBriefMatchesFind checks that evaluation's narrow read answers like
// Find, position by position (failures, unknown and repeated keys
// included), with the fields grading reads and nothing else.
func TestFindBriefMatchesFind(t *testing.T) {
	s := openTemp(t)
	var keys []string
	for i := range 300 {
		k := fmt.Sprintf("k%05d", i)
		keys = append(keys, k)
		switch i % 3 {
		case 0:
			r := success(k)
			if i%2 == 0 {
				r.Completion.MeanEntropy, r.Completion.Score = nil, nil
			}
			put(t, s, r)
		case 1:
			put(t, s, failure(k, "server error"))
		}
	}
	keys = append(keys, keys[0], keys[3], "unknown")
	full, err := s.Find(keys)
	if err != nil {
		t.Fatal(err)
	}
	brief, err := s.FindBrief(keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(brief) != len(keys) {
		t.Fatalf("FindBrief returned %d rows for %d keys", len(brief), len(keys))
	}
	for i := range keys {
		if (full[i] == nil) != (brief[i] == nil) {
			t.Fatalf("key %d (%s): Find found %v, FindBrief %v", i, keys[i], full[i] != nil, brief[i] != nil)
		}
		if full[i] == nil {
			continue
		}
		c := full[i].Completion
		want := Row{Key: keys[i], Completion: backends.Completion{Text: c.Text, FinishReason: c.FinishReason,
			LatencyS: c.LatencyS, MeanEntropy: c.MeanEntropy, Score: c.Score}}
		if !reflect.DeepEqual(*brief[i], want) {
			t.Fatalf("key %d: FindBrief returned %+v, want %+v", i, *brief[i], want)
		}
	}
	if got, err := s.FindBrief(nil); err != nil || len(got) != 0 {
		t.Fatalf("FindBrief(nil) = %v, %v; want nothing", got, err)
	}
}
