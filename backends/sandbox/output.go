package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// clip returns what the model sees of an output of total bytes whose first
// and last limit bytes are head and tail: all of it when it fits, else about
// three quarters of the limit from the start and the rest from the end, cut
// at line breaks where that keeps at least half of each part, with a notice
// in between. The worker (py/aimo_sandbox/output.py) applies the same rule;
// testdata/clip-lines.txt pins both.
func clip(head, tail []byte, total, limit int) (string, bool) {
	if total <= limit {
		return strings.ToValidUTF8(string(head), "\uFFFD"), false
	}
	hn := limit * 3 / 4
	h := cutHead(head[:min(hn, len(head))])
	t := cutTail(tail[max(len(tail)-(limit-hn), 0):])
	var b strings.Builder
	b.Write(h)
	if len(h) > 0 && h[len(h)-1] != '\n' {
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "... [output truncated: %d of %d bytes not shown] ...\n", total-len(h)-len(t), total)
	b.Write(t)
	return strings.ToValidUTF8(b.String(), "\uFFFD"), true
}

func cutHead(b []byte) []byte {
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 && i >= len(b)/2 {
		return b[:i+1]
	}
	n := len(b)
	for back := 1; back <= min(utf8.UTFMax, n); back++ {
		if utf8.RuneStart(b[n-back]) {
			if r, _ := utf8.DecodeRune(b[n-back:]); r == utf8.RuneError && !utf8.FullRune(b[n-back:]) {
				return b[:n-back]
			}
			break
		}
	}
	return b
}

func cutTail(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 && i < len(b)/2 {
		return b[i+1:]
	}
	j := 0
	for j < len(b) && j < 3 && !utf8.RuneStart(b[j]) {
		j++
	}
	return b[j:]
}

// readClipped reads what the capture file f holds, clipped to limit.
func readClipped(f io.ReaderAt, size int64, limit int) (string, bool) {
	n := min(size, int64(limit))
	head := make([]byte, n)
	m, _ := f.ReadAt(head, 0)
	head = head[:m]
	tail := head
	if size > int64(limit) {
		tail = make([]byte, limit)
		m, _ := f.ReadAt(tail, size-int64(limit))
		tail = tail[:m]
	}
	return clip(head, tail, int(size), limit)
}
