package render

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const chromium = "/usr/bin/chromium"

// hostile is model output that would run script if it reached the page
// unescaped.
const hostile = `Let me think. <script>alert(1)</script> and <img src=x onerror=alert(1)> so the answer is \boxed{2}.`

// hostileSweep replays two samples per problem whose text contains markup.
func hostileSweep(t *testing.T) Input {
	dir := t.TempDir()
	data := `{"idx": "p1", "question": "What is 1+1? <b>bold</b>", "gt": "2", "code": [` + jsonString(hostile) + `, "I think it is \\boxed{3}."]}
{"idx": "p2", "question": "What is 2+2?", "gt": "4", "code": ["\\boxed{4}", "\\boxed{4}"]}
`
	exp := `local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'hostile',
  datasets: { tiny: aimo.dataset.jsonl('data.jsonl', fields={ id: 'idx', problem: 'question', answer: 'gt' }) },
  models: { m: aimo.model.replay('data.jsonl', text='code', problem_id='idx') },
  samples: 2,
  voting: { method: ['majority'], k: [1, 2], early_stop: [0] },
}
`
	for name, body := range map[string]string{"data.jsonl": data, "hostile.jsonnet": exp} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return sweep(t, filepath.Join(dir, "hostile.jsonnet"))
}

func jsonString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestHTMLInChromium renders report.html headless: the hostile sample must
// appear as text, no script element may come from it, and the page must
// paint. It skips where chromium is not installed.
func TestHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip(chromium + " not installed: apt-get install chromium to run the browser test")
	}
	fs := files(t, hostileSweep(t))
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, fs["report.html"], 0o644); err != nil {
		t.Fatal(err)
	}
	dom := headless(t, dir, "--dump-dom", "file://"+page)
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&lt;b&gt;bold&lt;/b&gt;"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM does not show %s as text", want)
		}
	}
	if n := strings.Count(dom, "<script"); n != 1 {
		t.Errorf("the DOM has %d script elements, want only the page's own sorting script", n)
	}
	if strings.Contains(dom, "<img src=\"x\"") || strings.Contains(dom, "<b>bold</b>") {
		t.Error("model or dataset markup became elements")
	}
	shot := filepath.Join(dir, "shot.png")
	headless(t, dir, "--screenshot="+shot, "--window-size=1280,2000", "file://"+page)
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
	if out := os.Getenv("AIMO_SCREENSHOT"); out != "" {
		b, _ := os.ReadFile(shot)
		os.WriteFile(out, b, 0o644)
		os.WriteFile(strings.TrimSuffix(out, ".png")+".html", fs["report.html"], 0o644)
	}
}

func headless(t *testing.T, dir string, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + filepath.Join(dir, "profile")}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}
