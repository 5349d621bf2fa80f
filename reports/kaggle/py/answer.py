# Answer extraction and integer parsing: a line-for-line port of aimo's Go
# grader (reports/answer), standard library only. It works on UTF-8 bytes, as
# Go strings are bytes, so every length, slice and regular expression sees the
# same text the Go code sees.
import cmath
import math
import re
from fractions import Fraction

FALLBACKS = ["final_answer", "gsm8k", "answer_colon", "last_number"]

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
_final_answer = re.compile(rb"(?i)answer is[:\s]*")
_program_output = re.compile(rb"(?s)```output\s*\n(.*?)```")
_gsm8k = re.compile(rb"####\s*([-+]?[\d,]*\.?\d+)")
_answer_colon = re.compile(rb"(?m)(?:^|[\s*])(?:A|Answer|ANSWER)\s*:[ \t]*(\S[^\n]*)")
_number = re.compile(rb"-?\d+/\d+\b|-?\d[\d,]*(?:\.\d+)?|-?\.\d+")
_latex_span = re.compile(rb"(?s)\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$((?:[^$\\]|\\.)+?)\$")


def extract(text, fallbacks=None):
    """The final answer of a model output as cleaned text, or None: the last
    \\boxed{} (joined with the boxes just before it), else the first fallback
    that finds something."""
    b = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    got = _last_boxed_group(b)
    if got is not None:
        a = clean(got)
        return a.decode("utf-8", "surrogateescape") if a else None
    for name in FALLBACKS if fallbacks is None else fallbacks:
        got = _run_fallback(name, b)
        if got is not None:
            a = clean(got)
            if a:
                return a.decode("utf-8", "surrogateescape")
    return None


def _last_box_command(s, end):
    while end > 0:
        i = s.rfind(b"\\", 0, end)
        if i < 0:
            return -1
        if s.startswith(b"\\boxed", i) or s.startswith(b"\\fbox", i):
            return i
        end = i
    return -1


def _match_brace(s, open_):
    depth, i = 0, open_
    while i < len(s):
        c = s[i]
        if c == 92:
            i += 1
        elif c == 123:
            depth += 1
        elif c == 125:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _box_content(text, i):
    j = i + (5 if text.startswith(b"\\fbox", i) else 6)
    if j < len(text) and _is_letter(text[j]):
        return None
    while j < len(text) and text[j] == 32:
        j += 1
    if j < len(text) and text[j] == 123:
        end = _match_brace(text, j)
        if end < 0:
            return None
        return text[j + 1:end], end + 1
    k = j
    while k < len(text) and text[k] not in b" \n\t$\\.,":
        k += 1
    if k == j:
        return None
    return text[j:k], k


def _last_boxed(text, end):
    while end > 0:
        i = _last_box_command(text, end)
        if i < 0:
            return None
        got = _box_content(text, i)
        if got is not None:
            return i, got[1], got[0]
        end = i
    return None


def _last_boxed_group(text):
    got = _last_boxed(text, len(text))
    if got is None:
        return None
    start, _, content = got
    parts = [content]
    while True:
        prev = _last_boxed(text, start)
        if prev is None or prev[1] > start or not _only_connectors(text[prev[1]:start]):
            break
        parts.append(prev[2])
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
    last = None
    for m in rx.finditer(text):
        last = m
    return None if last is None else last.group(1)


def _run_fallback(name, text):
    if name == "final_answer":
        last = None
        for m in _final_answer.finditer(text):
            last = m
        return None if last is None else _sentence_answer(text[last.end():])
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
        m = _number.findall(text)
        return m[-1].rstrip(b",") if m else None
    return None


def _last_latex(text):
    last = None
    for m in _latex_span.finditer(text):
        last = m
    if last is None:
        return None
    for g in last.groups():
        if g:
            return g
    return None


def _sentence_answer(s):
    i = s.find(b"\n")
    if i >= 0:
        s = s[:i]
    m = _last_latex(s)
    t = _trim(s)
    if m is not None and (t.startswith(b"$") or t.startswith(b"\\(")):
        return m
    for stop in (b". ", b"I hope", b"<|"):
        i = s.find(stop)
        if i >= 0:
            s = s[:i]
    return _trim(s)


def _last_math(text):
    spans = list(_latex_span.finditer(text))
    nums = list(_number.finditer(text))
    if nums and (not spans or nums[-1].start() >= spans[-1].end()):
        return nums[-1].group(0).rstrip(b",")
    if not spans:
        return None
    for g in spans[-1].groups():
        if g is not None:
            return g
    return None


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
