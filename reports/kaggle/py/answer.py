# Answer extraction and integer parsing: a line-for-line port of aimo's Go
# grader (internal/answer), standard library only. It works on UTF-8 bytes, as
# Go strings are bytes, so every length, slice and regular expression sees the
# same text the Go code sees.
import cmath
import math
import re
from fractions import Fraction

FALLBACKS = ["final_answer", "gsm8k", "answer_colon", "last_number"]

# Limits, the same as internal/answer/limits.go: model output is untrusted, so every
# step is bounded and an input past a limit is "no answer", never a stall.
MAX_ANSWER_BYTES = 1024  # the longest answer extraction returns
MAX_INPUT_BYTES = 4 * MAX_ANSWER_BYTES  # the longest text read as mathematics
MAX_BOXES = 16  # box commands examined, counted from the end
FALLBACK_WINDOW = 32 << 10  # how much of the end of a text the fallbacks read

# _GO_SPACE is what Go's unicode.IsSpace accepts (strings.TrimSpace, Fields).
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _trim(b):
    s = b.decode("utf-8", "surrogateescape").strip(_GO_SPACE)
    return s.encode("utf-8", "surrogateescape")


def _fields(b):
    s = b.decode("utf-8", "surrogateescape")
    return [f for f in re.split("[" + _GO_SPACE + "]+", s) if f]


def _is_letter(c):
    return 97 <= c <= 122 or 65 <= c <= 90


def _is_digit(c):
    return 48 <= c <= 57


def _replacer(pairs):
    """A Go strings.NewReplacer: at each position the earliest listed key wins."""
    table = dict()
    for old, new in zip(pairs[0::2], pairs[1::2]):
        table.setdefault(old, new)
    rx = re.compile(b"|".join(re.escape(k) for k in pairs[0::2]))
    return lambda s: rx.sub(lambda m: table[m.group(0)], s)


def _b(*words):
    return [w.encode("utf-8") for w in words]


_wrapper = _replacer(_b(
    "\\\\", "\\\\", "\\left", "", "\\right", "", "\\bigl", "", "\\bigr", "", "\\Bigl", "", "\\Bigr", "",
    ",\\!", "", "\\!", "", "\\,", " ", "\\;", " ", "\\:", " ", "\\ ", " ", "~", " ",
    "\\qquad", " ", "\\quad", " ", "\\displaystyle", "",
    "\\dfrac", "\\frac", "\\tfrac", "\\frac", "\\cfrac", "\\frac",
    "^{\\circ}", "", "^\\circ", "", "\\circ", "", "°", "", "^{\\prime}", "'",
    "\\%", "%", "\\$", "", "$", "", "\\(", "", "\\)", "", "\\[", "", "\\]", "",
    "{,}", "", "{, }", "", ")or(", "), (", ")and(", "), (", "\\textbf{", "\\text{", "\\mbox{", "\\text{", "\\textnormal{", "\\text{",
    "\\mathrm{", "\\text{", "\\textrm{", "\\text{", "\\mathbf{", "\\text{", "\\textit{", "\\text{",
    "\\geqslant", "\\ge ", "\\leqslant", "\\le ", "\\geq", "\\ge ", "\\leq", "\\le ", ">=", "\\ge ", "<=", "\\le ",
    "\\gt", ">", "\\lt", "<", "\\neq", "\\ne ", "!=", "\\ne ", "≥", "\\ge ", "≤", "\\le ", "−", "-",
    "\\lbrace", "\\{", "\\rbrace", "\\}", "\\lvert", "|", "\\rvert", "|", "\\vert", "|", "\\mid", "|",
    "\n", " ", "\t", " ",
))

_connectors = _replacer(_b(
    "\\text{and}", "", "\\text{ and }", "", "\\text{or}", "", "\\text{ or }", "",
    "\\quad", "", "\\qquad", "", "\\(", "", "\\)", "", "\\[", "", "\\]", "", "\\,", "", "\\ ", "",
    "$", "", ",", "", ";", "", "and", "", "or", "", "\\\\", "", "&", "",
))

_space_thousands = re.compile(rb"\b\d{1,3}( \d{3})+\b")
_comma_thousands = re.compile(rb"^[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_text_cmd = re.compile(rb"\\text\s*\{([^{}]*)\}")
_spaces = re.compile(rb"\s+")
_answer_gap = re.compile(rb"[:\t\n\f\r ]*")
_program_output = re.compile(rb"(?s)```output\s*\n(.*?)```")
_gsm8k = re.compile(rb"####\s*([-+]?[\d,]*\.?\d+)")
_answer_colon = re.compile(rb"(?m)(?:^|[\s*])(?:A|Answer|ANSWER)\s*:[ \t]*(\S[^\n]*)")
_number = re.compile(rb"-?\d+/\d+\b|-?\d[\d,]*(?:\.\d+)?|-?\.\d+")
_number_run = re.compile(rb"[-0-9,./]*")
_brace_token = re.compile(rb"[\\{}]")
_box_spaces = re.compile(rb" *")
_box_token = re.compile(rb"[^ \n\t$\\.,]*")
_dollar_units = re.compile(rb"(?s)(?:[^$\\]+|\\.)*")
_span_openers = ((b"$$", b"$$"), (b"\\[", b"\\]"), (b"\\(", b"\\)"))
_span_starts = {}


def extract(text, fallbacks=None):
    """The final answer of a model output as cleaned text, or None: the last
    \\boxed{} (joined with the boxes just before it), else the first fallback
    that finds something in the last FALLBACK_WINDOW bytes."""
    b = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    got = _last_boxed_group(b)
    if got is not None:
        a = clean(got)
        return a.decode("utf-8", "surrogateescape") if a else None
    tail = b[max(0, len(b) - FALLBACK_WINDOW):]
    for name in FALLBACKS if fallbacks is None else fallbacks:
        got = _run_fallback(name, tail)
        if got is not None and len(got) <= MAX_ANSWER_BYTES:
            a = clean(got)
            if a:
                return a.decode("utf-8", "surrogateescape")
    return None


class _Boxes:
    """Finds boxes from the end of a text, examining at most MAX_BOXES box
    commands in all (Go: boxScanner). Each command's last position is
    remembered, so the searches cover the text once."""

    def __init__(self, text):
        self.text, self.tries = text, 0
        self.seen = {b"\\boxed": None, b"\\fbox": None}

    def _command(self, end):
        best = -1
        for cmd, got in self.seen.items():
            if got is None or got >= 0 and got + len(cmd) > end:
                got = self.text.rfind(cmd, 0, end)
                self.seen[cmd] = got
            best = max(best, got)
        return best

    def last(self, end):
        """(start, after, content) of the last box starting before end, or None."""
        while end > 0 and self.tries < MAX_BOXES:
            i = self._command(end)
            if i < 0:
                return None
            self.tries += 1
            got = _box_content(self.text, i)
            if got is not None:
                return i, got[1], got[0]
            end = i
        return None


def _match_brace(s, open_, limit=None):
    """The index of the brace closing the one at open_, looking no further
    than limit, or -1."""
    end = len(s) if limit is None else min(len(s), limit + 1)
    depth, i = 0, open_
    while True:
        m = _brace_token.search(s, i, end)
        if m is None:
            return -1
        i = m.start()
        c = s[i]
        if c == 92:
            i += 2
            continue
        depth += 1 if c == 123 else -1
        if depth == 0:
            return i
        i += 1


def _box_content(text, i):
    j = i + (5 if text.startswith(b"\\fbox", i) else 6)
    if j < len(text) and _is_letter(text[j]):
        return None
    j = _box_spaces.match(text, j).end()
    if j < len(text) and text[j] == 123:
        end = _match_brace(text, j, j + 1 + MAX_ANSWER_BYTES)
        if end < 0:
            return None
        return text[j + 1:end], end + 1
    k = _box_token.match(text, j, j + MAX_ANSWER_BYTES + 1).end()
    if k == j or k - j > MAX_ANSWER_BYTES:
        return None
    return text[j:k], k


def _last_boxed_group(text):
    boxes = _Boxes(text)
    got = boxes.last(len(text))
    if got is None:
        return None
    start, _, content = got
    parts, size = [content], len(content)
    while True:
        prev = boxes.last(start)
        if (prev is None or prev[1] > start or not _only_connectors(text[prev[1]:start])
                or size + len(prev[2]) > MAX_ANSWER_BYTES):
            break
        parts.append(prev[2])
        size += len(prev[2])
        start = prev[0]
    if len(parts) == 1:
        return content
    out, seen = [], set()
    for p in reversed(parts):
        k = _trim(p)
        if k not in seen:
            seen.add(k)
            out.append(k)
    if len(out) == 1:
        return out[0]
    return b"\\{" + b", ".join(out) + b"\\}"


def _only_connectors(sep):
    if len(sep) > 40:
        return False
    rest = _trim(_connectors(_text_cmd.sub(rb"\1", sep)))
    if rest == b"":
        return True
    return len(_fields(rest)) <= 4 and b" and " in b" " + sep + b" "


def _last_group1(rx, text):
    found = rx.findall(text)
    return found[-1] if found else None


def _run_fallback(name, text):
    if name == "final_answer":
        i = text.lower().rfind(b"answer is")
        if i < 0:
            return None
        return _sentence_answer(text[_answer_gap.match(text, i + 9).end():])
    if name == "gsm8k":
        return _last_group1(_gsm8k, text)
    if name == "answer_colon":
        a = _last_group1(_answer_colon, text)
        return None if a is None else _sentence_answer(a)
    if name == "program_output":
        a = _last_group1(_program_output, text)
        return _trim(a) if a is not None and _trim(a) else None
    if name == "last_math":
        return _last_math(text)
    if name == "last_number":
        got = _last_number(text)
        return None if got is None else text[got[0]:got[1]].rstrip(b",")
    return None


def _span_start(dead):
    """A pattern for the characters that can still open a math span."""
    key = tuple(dead)
    rx = _span_starts.get(key)
    if rx is None:
        alts = [b"\\$"] if not dead[3] else [b"\\$\\$"] if not dead[0] else []
        alts += [re.escape(op) for k, (op, _) in enumerate(_span_openers[1:], 1) if not dead[k]]
        rx = re.compile(b"|".join(alts)) if alts else None
        _span_starts[key] = rx
    return rx


def _spans(text):
    """Every math span ($$..$$, \\[..\\], \\(..\\), $..$) as (start, content
    start, content end, end), left to right, in linear time (Go: spanScanner):
    a kind of span whose closer no longer occurs is not looked for again."""
    dead, pos = [False] * 4, 0
    while pos < len(text):
        rx = _span_start(dead)
        m = rx and rx.search(text, pos)
        if not m:
            return
        p = m.start()
        sp = _span_at(text, p, dead)
        if sp is None:
            pos = p + 1
            continue
        yield sp
        pos = sp[3]


def _span_at(text, p, dead):
    for k, (op, closer) in enumerate(_span_openers):
        if dead[k] or not text.startswith(op, p):
            continue
        q = text.find(closer, p + 3) if p + 3 <= len(text) else -1
        if q < 0:
            dead[k] = True
            continue
        return p, p + 2, q, q + 2
    if text[p] != 36 or dead[3]:
        return None
    i = _dollar_units.match(text, p + 1).end()
    if i < len(text) and text[i] == 36:
        return (p, p + 1, i, i + 1) if i > p + 1 else None
    dead[3] = True
    return None


def _last_span(text):
    last = None
    for last in _spans(text):
        pass
    return last


def _last_number(text):
    """(start, end) of the last match of _number, matching only the run of
    number characters around the last digit (Go: lastNumber)."""
    d = max(text.rfind(c) for c in _DIGITS)
    if d < 0:
        return None
    lo = d + 1 - _number_run.match(text[d::-1]).end()
    hi = _number_run.match(text, d + 1).end()
    last = None
    for last in _number.finditer(text, lo, min(hi + 1, len(text))):
        pass
    return last.start(), last.end()


_DIGITS = tuple(bytes([c]) for c in b"0123456789")


def _sentence_answer(s):
    i = s.find(b"\n")
    if i >= 0:
        s = s[:i]
    t = _trim(s)
    if t.startswith(b"$") or t.startswith(b"\\("):
        sp = _last_span(s)
        if sp is not None:
            return s[sp[1]:sp[2]]
    for stop in (b". ", b"I hope", b"<|"):
        i = s.find(stop)
        if i >= 0:
            s = s[:i]
    return _trim(s)


def _last_math(text):
    sp = _last_span(text)
    num = _last_number(text)
    if num is not None and (sp is None or num[0] >= sp[3]):
        return text[num[0]:num[1]].rstrip(b",")
    if sp is None:
        return None
    return text[sp[1]:sp[2]]


def _is_plain_number(s):
    if not s or s[-1] == 46:
        return False
    i, dot, digits = 0, False, 0
    if s[0] in b"-+":
        i = 1
    for c in s[i:]:
        if _is_digit(c):
            digits += 1
        elif c == 46 and not dot:
            dot = True
        else:
            return False
    return digits > 0


def clean(s):
    """Strip LaTeX wrappers that do not change an answer (Go: answer.Clean)."""
    s = _trim(s)
    if _is_plain_number(s):
        return s
    s = _spaces.sub(b" ", s)
    if b"\\\\" in s:
        s = _undouble(s)
    s = _wrapper(s)
    if b"\\text" in s:
        s = _text_cmd.sub(rb" \1 ", s)
    if b"\\frac" in s or b"\\sqrt" in s:
        s = _brace_short_args(s)
    s = _trim(_spaces.sub(b" ", s))
    s = s.rstrip(b".")
    if s.endswith(b"\\"):
        s = s[:-1]
    s = _trim(s)
    if s.find(b" ") > 0:
        s = _space_thousands.sub(lambda m: m.group(0).replace(b" ", b""), s)
    if s.find(b",") > 0 and _comma_thousands.match(s):
        s = s.replace(b",", b"")
    return s


def _undouble(s):
    out = bytearray()
    for i, c in enumerate(s):
        if c == 92 and i + 2 < len(s) and s[i + 1] == 92 and _is_letter(s[i + 2]) and (i == 0 or s[i - 1] != 92):
            continue
        out.append(c)
    return bytes(out)


def _followed_by_letter(s, i):
    return i < len(s) and _is_letter(s[i])


def _brace_short_args(s):
    out, i = bytearray(), 0
    while i < len(s):
        if s.startswith(b"\\frac", i) and not _followed_by_letter(s, i + 5):
            out += b"\\frac"
            i = _copy_args(out, s, i + 5, 2)
        elif s.startswith(b"\\sqrt", i) and not _followed_by_letter(s, i + 5):
            out += b"\\sqrt"
            j = i + 5
            if j < len(s) and s[j] == 91:
                k = s.find(b"]", j) - j
                if k > 0:
                    out += s[j:j + k + 1]
                    j += k + 1
            i = _copy_args(out, s, j, 1)
        else:
            out.append(s[i])
            i += 1
    return bytes(out)


def _copy_args(out, s, i, n):
    while n > 0:
        n -= 1
        while i < len(s) and s[i] == 32:
            i += 1
        if i >= len(s):
            return i
        if s[i] == 123:
            end = _match_brace(s, i)
            if end < 0:
                out += s[i:]
                return len(s)
            out += s[i:end + 1]
            i = end + 1
            continue
        if s[i] == 92:
            j = i + 1
            while j < len(s) and _is_letter(s[j]):
                j += 1
            out += b"{" + s[i:j] + b"}"
            i = j
            continue
        out += b"{" + s[i:i + 1] + b"}"
        i += 1
    return i
