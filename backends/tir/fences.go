package tir

import "strings"

// block is a fenced code block of a text: its info string's first word, its
// code, where its opening fence starts and where its closing fence line
// ends (-1 while it is open).
type block struct {
	lang  string
	code  string
	start int
	end   int
}

// blocks finds the fenced blocks of text. A fence is a line that starts,
// after spaces, with three backticks; inside a block only a line of bare
// backticks closes it, as in CommonMark.
func blocks(text string) []block {
	var out []block
	var cur *block
	var code strings.Builder
	for pos := 0; pos < len(text); {
		line, next := lineAt(text, pos)
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			lang, _, _ := strings.Cut(strings.TrimSpace(strings.TrimLeft(trimmed, "`")), " ")
			cur = &block{lang: strings.ToLower(lang), start: pos, end: -1}
			code.Reset()
		case cur != nil && trimmed != "" && strings.Trim(trimmed, "`") == "" && len(trimmed) >= 3:
			cur.code, cur.end = code.String(), next
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			code.WriteString(text[pos:next])
		}
		pos = next
	}
	if cur != nil {
		cur.code = code.String()
		out = append(out, *cur)
	}
	return out
}

// lineAt returns the line starting at pos (without its newline) and where
// the next line starts.
func lineAt(text string, pos int) (string, int) {
	if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
		return text[pos : pos+i], pos + i + 1
	}
	return text[pos:], len(text)
}

// fenceOpen reports whether text ends inside an open fenced block.
func fenceOpen(text string) bool {
	bs := blocks(text)
	return len(bs) > 0 && bs[len(bs)-1].end < 0
}

// endingCode returns the code of a closed Python block that ends text
// (nothing but white space after it) and opened at or after from: the code
// the model is waiting to see run.
func endingCode(text string, from int) (string, bool) {
	bs := blocks(text)
	if len(bs) == 0 {
		return "", false
	}
	b := bs[len(bs)-1]
	if b.end < 0 || b.start < from || strings.TrimSpace(text[b.end:]) != "" {
		return "", false
	}
	switch b.lang {
	case "python", "python3", "py":
		return b.code, true
	}
	return "", false
}
