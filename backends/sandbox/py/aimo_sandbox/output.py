"""Output capture: what a cell printed, read back from the capture file and
clipped to a limit with a notice the model can read.

The Go side (backends/sandbox/output.go) formats partial output of a cell it
had to kill with the same rule; testdata/clip-*.txt pins both.
"""

import os

# HEAD_SHARE of the limit goes to the start of the output, the rest to its end:
# the first lines show what a loop was doing, the last ones what it found.
HEAD_SHARE = 3 / 4


def read(fd, limit):
    """Return (text, truncated) for everything written to fd, then empty it."""
    size = os.fstat(fd).st_size
    head = os.pread(fd, min(size, limit), 0)
    tail = head if size <= limit else os.pread(fd, limit, size - limit)
    os.ftruncate(fd, 0)
    return clip(head, tail, size, limit)


def clip(head, tail, total, limit):
    """Return (text, truncated) for an output of total bytes whose first and
    last limit bytes are head and tail."""
    if total <= limit:
        return head.decode("utf-8", "replace"), False
    hn = int(limit * HEAD_SHARE)
    h = _cut_head(head[:hn])
    t = _cut_tail(tail[len(tail) - (limit - hn):])
    sep = b"" if not h or h.endswith(b"\n") else b"\n"
    omitted = total - len(h) - len(t)
    notice = "... [output truncated: %d of %d bytes not shown] ...\n" % (omitted, total)
    return (h + sep).decode("utf-8", "replace") + notice + t.decode("utf-8", "replace"), True


def _cut_head(b):
    """End b after its last newline when that keeps at least half of it, and
    never inside a UTF-8 sequence."""
    i = b.rfind(b"\n")
    if i >= len(b) // 2:
        return b[: i + 1]
    return b[: _rune_start(b, len(b))]


def _cut_tail(b):
    """Start b after its first newline when that keeps at least half of it,
    and never inside a UTF-8 sequence."""
    i = b.find(b"\n")
    if 0 <= i < len(b) // 2:
        return b[i + 1:]
    j = 0
    while j < len(b) and j < 3 and b[j] & 0xC0 == 0x80:
        j += 1
    return b[j:]


def _rune_start(b, n):
    """Return the largest m <= n such that b[:m] does not end inside a UTF-8
    sequence."""
    for back in range(1, min(4, n) + 1):
        c = b[n - back]
        if c & 0xC0 == 0x80:
            continue
        if c < 0x80:
            return n
        need = 2 if c >= 0xC0 else 1
        need = 3 if c >= 0xE0 else need
        need = 4 if c >= 0xF0 else need
        return n if back >= need else n - back
    return n
