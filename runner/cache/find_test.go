package cache

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
)

// TestFindAnswersInKeyOrder checks what the runner relies on when it reads a
// sweep's rows once: each key's row at the key's position, repeated keys
// answered each time, and nil for keys that are unknown or hold only a
// failure, across many chunks read in parallel.
func TestFindAnswersInKeyOrder(t *testing.T) {
	s := openTemp(t)
	var keys []string
	want := map[string]Row{}
	for i := range 3*chunkSize + 7 {
		k := fmt.Sprintf("k%05d", i)
		keys = append(keys, k)
		switch i % 3 {
		case 0:
			r := success(k)
			put(t, s, r)
			want[k] = r
		case 1:
			put(t, s, failure(k, "server error"))
		}
	}
	// The same key asked again (a problem in two evaluated sets), in reverse.
	for i := len(keys) - 1; i >= 0; i -= 50 {
		keys = append(keys, keys[i])
	}
	got, err := s.Find(keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(keys) {
		t.Fatalf("Find returned %d rows for %d keys", len(got), len(keys))
	}
	for i, k := range keys {
		w, ok := want[k]
		switch {
		case !ok && got[i] != nil:
			t.Fatalf("key %d (%s) holds no success but Find returned %+v", i, k, *got[i])
		case ok && got[i] == nil:
			t.Fatalf("key %d (%s) is cached but Find returned nil", i, k)
		case ok && !reflect.DeepEqual(*got[i], w):
			t.Fatalf("key %d: Find returned %+v, want %+v", i, *got[i], w)
		}
	}
}

func TestFindOfNoKeys(t *testing.T) {
	got, err := openTemp(t).Find(nil)
	if err != nil || len(got) != 0 {
		t.Fatalf("Find(nil) = %v, %v; want nothing", got, err)
	}
}

// TestFindOnReadOnlyStore reads through a store opened read-only, as aimo
// eval, report and show open the cache, across chunks read in parallel.
func TestFindOnReadOnlyStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for i := range 2*chunkSize + 1 {
		keys = append(keys, fmt.Sprintf("k%05d", i))
		s.Put(success(keys[i]))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got, err := ro.Find(keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range got {
		if r == nil || r.Key != keys[i] {
			t.Fatalf("row %d (%s) not found read-only", i, keys[i])
		}
	}
}

// TestFindOnAnEmptyCache: a first run's cache holds nothing, and Find says
// so for every key without looking any up; once a row is in, it is found.
func TestFindOnAnEmptyCache(t *testing.T) {
	s := openTemp(t)
	if empty, err := s.Empty(); err != nil || !empty {
		t.Fatalf("Empty = %v, %v on a new cache", empty, err)
	}
	got, err := s.Find([]string{"a", "b", "a"})
	if err != nil || len(got) != 3 || got[0] != nil || got[1] != nil || got[2] != nil {
		t.Fatalf("Find on an empty cache = %v, %v", got, err)
	}
	put(t, s, failure("b", "server error"))
	if empty, err := s.Empty(); err != nil || empty {
		t.Fatalf("Empty = %v, %v with a failure stored", empty, err)
	}
	put(t, s, success("a"))
	got, err = s.Find([]string{"a", "b", "a"})
	if err != nil || got[0] == nil || got[1] != nil || got[2] == nil || got[0].Key != "a" {
		t.Fatalf("Find = %v, %v; want a twice and b absent (a failure)", got, err)
	}
}
