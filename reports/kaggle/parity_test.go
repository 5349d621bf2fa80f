package kaggle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"hash/fnv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/reports/vote"
)

// parityMethods are the methods the notebook can ship, every one compared.
var (
	parityMethods = []string{"majority", "unanimous", "numeric_average", "entropy_weighted", "confidence_weighted", "max_confidence", "median_confidence"}
	parityStops   = []int{0, 2, 4}
)

type parityRow struct {
	ID       string           `json:"id"`
	Raw      []string         `json:"raw"`
	Finish   []string         `json:"finish"`
	Logprobs [][][][2]float64 `json:"logprobs"`
	K        int              `json:"k"`
	Methods  []string         `json:"methods"`
	Stops    []int            `json:"stops"`
	want     parityOut
}

type parityOut struct {
	ID      string            `json:"id"`
	Keys    []*string         `json:"keys"`
	Entropy []*float64        `json:"entropy"`
	Votes   map[string][2]any `json:"votes"`
}

// realLogprobs are top-5 logprobs from a model's forward passes
// (testdata/logprobs.py): 8 attempts of 40 positions.
type realLogprobs struct {
	K        int              `json:"k"`
	Attempts [][][][2]float64 `json:"attempts"`
}

func loadLogprobs(t *testing.T) realLogprobs {
	b, err := os.ReadFile(filepath.Join("testdata", "logprobs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var lp realLogprobs
	if err := json.Unmarshal(b, &lp); err != nil {
		t.Fatal(err)
	}
	return lp
}

// slice gives sample i of a problem a window of 24 real positions, so
// entropies differ from sample to sample.
func (lp realLogprobs) slice(id string, i int) [][][2]float64 {
	h := fnv.New32a()
	h.Write([]byte(id + "/" + strconv.Itoa(i)))
	x := int(h.Sum32())
	a := lp.Attempts[x%len(lp.Attempts)]
	start := (x / 8) % (len(a) - 24)
	return a[start : start+24]
}

// TestPythonParity runs the exported module on every shipped replay sample
// and, when present, every recorded AIMO3 attempt with its reasoning (gpt-oss
// runs as harmony output, deepseek runs as <think> blocks, cut-off attempts
// as truncated), each given real top-k logprobs. For every sample the
// integer answer must equal answer.Final + answer.Extract + Range.Parse and
// the entropy backends.Entropies; for every shippable method and early stop
// the winner and samples read must equal vote.Vote's.
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
	lp := loadLogprobs(t)
	sources := replaySources(t)
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) { checkParity(t, py, modPath, parityRows(name, sources[name], lp)) })
	}
}

// parityRows renders each problem's samples as the engine would return
// them. Replay texts have no reasoning; every seventh is marked cut off.
func parityRows(source string, recs []recorded, lp realLogprobs) []parityRow {
	var rows []parityRow
	for _, r := range recs {
		row := parityRow{ID: r.ID, K: lp.K, Methods: parityMethods, Stops: parityStops}
		for i, text := range r.Texts {
			finish := "stop"
			switch {
			case r.Reasonings != nil && strings.Contains(source, "gpt-oss"):
				text, finish = r.harmony(i)
			case r.Reasonings != nil:
				text = "<think>" + r.Reasonings[i] + "</think>" + text
				if r.Truncated[i] {
					text, finish = "<think>"+r.Reasonings[i], "length"
				}
			case i%7 == 6:
				finish = answer.Truncated
			}
			row.Raw, row.Finish = append(row.Raw, text), append(row.Finish, finish)
			row.Logprobs = append(row.Logprobs, lp.slice(r.ID, i))
		}
		row.want = goParity(row)
		rows = append(rows, row)
	}
	return rows
}

// goParity is what aimo's Go code makes of a row.
func goParity(row parityRow) parityOut {
	out := parityOut{ID: row.ID, Votes: map[string][2]any{}}
	var samples []vote.Sample
	for i, raw := range row.Raw {
		key := goKey(answer.Final(raw, row.Finish[i]))
		h := goEntropy(row.Logprobs[i], row.K)
		s := vote.Sample{Index: i, Key: key, Answer: key, Valid: key != "", Entropy: h}
		if h != nil {
			s.Confidence = vote.EntropyConfidence(*h)
		}
		samples = append(samples, s)
		out.Entropy = append(out.Entropy, h)
		if key == "" {
			out.Keys = append(out.Keys, nil)
		} else {
			out.Keys = append(out.Keys, &key)
		}
	}
	for _, m := range row.Methods {
		for _, stop := range row.Stops {
			res, err := vote.Vote(m, samples, vote.Options{EarlyStop: stop})
			if err != nil {
				panic(err)
			}
			out.Votes[m+"/"+strconv.Itoa(stop)] = [2]any{res.Key, res.Used}
		}
	}
	return out
}

func checkParity(t *testing.T, py, modPath string, rows []parityRow) {
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	want := map[string]parityOut{}
	for _, r := range rows {
		want[r.ID] = r.want
		if err := enc.Encode(r); err != nil {
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

// goEntropy is backends.Entropies over the top-k candidates: the OpenAI
// API lists exactly k, never the sampled token vLLM adds below them.
func goEntropy(lps [][][2]float64, k int) *float64 {
	var pos [][]float64
	for _, p := range lps {
		var ls []float64
		for _, c := range p {
			if int(c[1]) <= k {
				ls = append(ls, c[0])
			}
		}
		pos = append(pos, ls)
	}
	m, _ := backends.Entropies(pos)
	return m
}

// tally counts agreements of one kind and reports the first few misses.
type tally struct {
	t          *testing.T
	all, agree int
}

func (c *tally) check(ok bool, format string, args ...any) {
	c.all++
	if ok {
		c.agree++
	} else if c.all-c.agree <= 10 {
		c.t.Errorf(format, args...)
	}
}

func compareParity(t *testing.T, stdout []byte, want map[string]parityOut) {
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	keys, ents, votes := &tally{t: t}, &tally{t: t}, &tally{t: t}
	integers, abstained := 0, 0
	for sc.Scan() {
		var got parityOut
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		w := want[got.ID]
		for i := range w.Keys {
			g, e := deref(got.Keys[i]), deref(w.Keys[i])
			if e != "" {
				integers++
			} else {
				abstained++
			}
			keys.check(g == e, "%s sample %d: python says %q, go says %q", got.ID, i, g, e)
			ents.check(sameEntropy(got.Entropy[i], w.Entropy[i]), "%s sample %d: python entropy %v, go %v", got.ID, i, fptr(got.Entropy[i]), fptr(w.Entropy[i]))
		}
		for k, e := range w.Votes {
			g := got.Votes[k]
			gk, _ := g[0].(string)
			gu, _ := g[1].(float64)
			votes.check(gk == e[0].(string) && int(gu) == e[1].(int), "%s %s: python votes %q after %v samples, go %q after %d", got.ID, k, gk, g[1], e[0], e[1])
		}
	}
	t.Logf("samples: %d/%d agree (%d with an integer answer, %d abstaining); entropies: %d/%d; votes: %d/%d",
		keys.agree, keys.all, integers, abstained, ents.agree, ents.all, votes.agree, votes.all)
	if keys.all == 0 || votes.all == 0 {
		t.Fatal("python printed nothing to compare")
	}
}

func sameEntropy(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Abs(*a-*b) <= 1e-12
}

func fptr(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
