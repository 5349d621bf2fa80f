package replay_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/replay"
)

func writeFile(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gen.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var perSample = replay.Fields{ProblemID: "pid", Text: "out.text", CompletionTokens: "tok", Latency: "lat", Score: "ok", Entropy: "ent"}

func TestOneRowPerSample(t *testing.T) {
	lines := []string{
		`{"pid":"a","i":1,"out":{"text":"a1"},"tok":11,"lat":1.5,"ok":true,"ent":0.25}`,
		`{"pid":"b","i":0,"out":{"text":"b0"},"tok":20,"lat":2,"ok":[0.5],"ent":0.1}`,
		``,
		`{"pid":"a","i":0,"out":{"text":"a0"},"tok":10,"lat":1,"ok":false,"ent":0.5}`,
	}
	tests := []struct {
		name   string
		sample string
		want   []string
	}{
		{"sample field orders samples", "i", []string{"a0", "a1"}},
		{"file order without a sample field", "", []string{"a1", "a0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := perSample
			fields.Sample = tt.sample
			r, err := replay.Open(replay.Source{Path: writeFile(t, lines...), Fields: fields})
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.Generate(context.Background(), backends.Request{ProblemID: "a", N: 2})
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range got {
				if c.Text != tt.want[i] {
					t.Errorf("sample %d = %q, want %q", i, c.Text, tt.want[i])
				}
			}
		})
	}
	r, err := replay.Open(replay.Source{Path: writeFile(t, lines...), Fields: perSample})
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Generate(context.Background(), backends.Request{ProblemID: "b", N: 1})
	if err != nil {
		t.Fatal(err)
	}
	c := got[0]
	if c.CompletionTokens != 20 || c.LatencyS != 2 || *c.Score != 0.5 || *c.MeanEntropy != 0.1 {
		t.Errorf("measurements %+v, want 20 tokens, 2 s, score 0.5, entropy 0.1", c)
	}
}

func TestMissingDataIsPermanent(t *testing.T) {
	path := writeFile(t, `{"pid":"7","q":"What is  1+1?","outs":["2","two"]}`)
	r, err := replay.Open(replay.Source{Path: path, Fields: replay.Fields{ProblemID: "pid", ProblemText: "q", Text: "outs"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  backends.Request
		want string
	}{
		{"more samples than recorded", backends.Request{ProblemID: "7", N: 3}, "asked for samples 0..2 (n=3), " + path + " has 2"},
		{"split request past the end", backends.Request{ProblemID: "7", N: 1, FirstSample: 2}, "has 2"},
		{"unknown id", backends.Request{ProblemID: "8", N: 1}, `problem id "8" is not in`},
		{"unknown text", backends.Request{ProblemText: "What is 2+2?", N: 1}, `problem "What is 2+2?" is not in`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Generate(context.Background(), tt.req)
			if !backends.IsPermanent(err) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a permanent error containing %q", err, tt.want)
			}
		})
	}
	if _, err := r.Generate(context.Background(), backends.Request{ProblemText: "What is 1+1?", N: 2}); err != nil {
		t.Errorf("lookup by text with different spacing: %v", err)
	}
}

func TestMalformedRowsNamePathAndLine(t *testing.T) {
	good := `{"pid":"a","outs":["x","y"],"sc":[1,0]}`
	fields := replay.Fields{ProblemID: "pid", Text: "outs", Score: "sc"}
	tests := []struct {
		name string
		bad  string
		want string
	}{
		{"invalid JSON", `{"pid":"b","outs":["x"`, "invalid JSON"},
		{"missing text field", `{"pid":"b","sc":[1]}`, `field "outs": missing`},
		{"missing id field", `{"outs":["x"],"sc":[1]}`, `field "pid": missing`},
		{"text not a string", `{"pid":"b","outs":[1],"sc":[1]}`, "want a string"},
		{"score count differs", `{"pid":"b","outs":["x","y"],"sc":[1]}`, "1 values for 2 samples"},
		{"score not a number", `{"pid":"b","outs":["x"],"sc":["high"]}`, "want a number"},
		{"problem twice", good, "more than one row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, good, "", tt.bad)
			_, err := replay.Open(replay.Source{Path: path, Fields: fields})
			if err == nil || !strings.Contains(err.Error(), path+":3: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %s:3 and %q", err, path, tt.want)
			}
		})
	}
}

func TestOpenRejectsBadSources(t *testing.T) {
	path := writeFile(t, `{"pid":"a","outs":["x"]}`)
	tests := []struct {
		name string
		src  replay.Source
		want string
	}{
		{"unknown format", replay.Source{Path: path, Format: "csv", Fields: replay.Fields{ProblemID: "pid", Text: "outs"}}, `format "csv"`},
		{"no text field", replay.Source{Path: path, Fields: replay.Fields{ProblemID: "pid"}}, "must name text"},
		{"missing file", replay.Source{Path: path + ".nope", Fields: replay.Fields{ProblemID: "pid", Text: "outs"}}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := replay.Open(tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestReturnedCompletionsAreCopies(t *testing.T) {
	path := writeFile(t, `{"pid":"a","outs":["x"],"sc":[1]}`)
	r, err := replay.Open(replay.Source{Path: path, Fields: replay.Fields{ProblemID: "pid", Text: "outs", Score: "sc"}})
	if err != nil {
		t.Fatal(err)
	}
	req := backends.Request{ProblemID: "a", N: 1}
	first, _ := r.Generate(context.Background(), req)
	*first[0].Score = 0
	again, _ := r.Generate(context.Background(), req)
	if *again[0].Score != 1 {
		t.Errorf("score changed to %v by a caller, want 1", *again[0].Score)
	}
}
