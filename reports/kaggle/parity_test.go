package kaggle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/reports/vote"
)

var (
	parityMethods = []string{"majority", "entropy_weighted", "numeric_average", "unanimous"}
	parityStops   = []int{0, 2, 4}
)

type parityRow struct {
	ID      string    `json:"id"`
	Texts   []string  `json:"texts"`
	Entropy []float64 `json:"entropy"`
	Methods []string  `json:"methods"`
	Stops   []int     `json:"stops"`
}

type parityOut struct {
	ID    string            `json:"id"`
	Keys  []*string         `json:"keys"`
	Votes map[string][2]any `json:"votes"`
}

// entropyOf gives each sample a made-up mean token entropy from a few
// values, so entropy_weighted meets ties and different weights.
func entropyOf(id string, i int) float64 {
	h := fnv.New32a()
	h.Write([]byte(id + "/" + strconv.Itoa(i)))
	return 0.05 * float64(1+h.Sum32()%7)
}

// TestPythonParity runs the exported module's extraction and voting on every
// shipped replay problem (and the AIMO3 generations when present) and
// requires the same integer answer as answer.Extract + Range.Parse for every
// sample, and the same winner as vote.Vote for every method and early stop.
func TestPythonParity(t *testing.T) {
	py := needPython(t)
	dir := t.TempDir()
	mod, err := Module(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	modPath := filepath.Join(dir, ModuleName)
	if err := os.WriteFile(modPath, []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	sources := replaySources(t)
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) { checkParity(t, py, modPath, sources[name]) })
	}
}

func checkParity(t *testing.T, py, modPath string, recs []recorded) {
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	want := map[string]parityOut{}
	for _, r := range recs {
		row := parityRow{ID: r.ID, Texts: r.Texts, Methods: parityMethods, Stops: parityStops}
		var samples []vote.Sample
		var keys []*string
		for i, text := range r.Texts {
			h := entropyOf(r.ID, i)
			row.Entropy = append(row.Entropy, h)
			key := goKey(text)
			s := vote.Sample{Index: i, Key: key, Answer: key, Valid: key != "", Entropy: &h}
			samples = append(samples, s)
			if key == "" {
				keys = append(keys, nil)
			} else {
				keys = append(keys, &key)
			}
		}
		out := parityOut{ID: r.ID, Keys: keys, Votes: map[string][2]any{}}
		for _, m := range parityMethods {
			for _, stop := range parityStops {
				res, err := vote.Vote(m, samples, vote.Options{EarlyStop: stop})
				if err != nil {
					t.Fatal(err)
				}
				out.Votes[m+"/"+strconv.Itoa(stop)] = [2]any{res.Key, res.Used}
			}
		}
		want[r.ID] = out
		if err := enc.Encode(row); err != nil {
			t.Fatal(err)
		}
	}
	samplesPath := filepath.Join(t.TempDir(), "samples.jsonl")
	if err := os.WriteFile(samplesPath, in.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, filepath.Join("testdata", "parity.py"), modPath, samplesPath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 parity.py: %v\n%s", err, stderr.String())
	}
	compareParity(t, stdout, want)
}

// goKey is aimo's integer answer for an AIMO3-range set, "" for none.
func goKey(text string) string {
	a, ok := answer.Extract(text, answer.Options{Fallbacks: answer.DefaultFallbacks})
	if !ok {
		return ""
	}
	n, ok := AIMO3.Parse(a)
	if !ok {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func compareParity(t *testing.T, stdout []byte, want map[string]parityOut) {
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	samples, agree, votes, agreeVotes, integers := 0, 0, 0, 0, 0
	for sc.Scan() {
		var got parityOut
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		w := want[got.ID]
		for i := range w.Keys {
			samples++
			g, e := deref(got.Keys[i]), deref(w.Keys[i])
			if e != "" {
				integers++
			}
			if g == e {
				agree++
			} else if samples-agree <= 10 {
				t.Errorf("%s sample %d: python says %q, go says %q", got.ID, i, g, e)
			}
		}
		for k, e := range w.Votes {
			votes++
			g := got.Votes[k]
			gk, _ := g[0].(string)
			gu, _ := g[1].(float64)
			if gk == e[0].(string) && int(gu) == e[1].(int) {
				agreeVotes++
			} else if votes-agreeVotes <= 10 {
				t.Errorf("%s %s: python votes %q after %v samples, go %q after %d", got.ID, k, gk, g[1], e[0], e[1])
			}
		}
	}
	t.Logf("samples: %d/%d agree (%d with an integer answer); votes: %d/%d agree", agree, samples, integers, agreeVotes, votes)
	if samples == 0 || votes == 0 {
		t.Fatal("python printed nothing to compare")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
