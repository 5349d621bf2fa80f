# The text tool loop: a port of aimo's backends/tir text loop (text.go,
# fences.go), the ToRA and NuminaMath format. The model writes code in
# ```python fences; a turn stops at a closing fence ("```\n", which vLLM
# drops and the loop puts back) or at "```output"; a closed Python block
# that ends the turn runs in the attempt's sandbox session and its output
# is appended as an ```output block; the model continues from the prompt
# plus the transcript, with the same seed, the rest of max_tokens, and at
# most max_rounds cells.

FENCE_STOP, OUTPUT_STOP = "```\n", "```output"
# GO_SPACE is what Go's strings.TrimSpace trims: Unicode white space, which
# is not quite what Python's str.strip() trims.
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000"
PYTHON_FENCES = ("python", "python3", "py")


def fenced_blocks(text):
    """The fenced blocks of text as [lang, code, start, end] (end -1 while
    open). A fence is a line that starts, after spaces, with three
    backticks; inside a block only a line of bare backticks closes it."""
    out, cur, code, pos = [], None, [], 0
    while pos < len(text):
        i = text.find("\n", pos)
        line, nxt = (text[pos:i], i + 1) if i >= 0 else (text[pos:], len(text))
        trimmed = line.strip(GO_SPACE)
        if cur is None and trimmed.startswith("```"):
            lang = trimmed.lstrip("`").strip(GO_SPACE).split(" ", 1)[0].lower()
            cur, code = [lang, None, pos, -1], []
        elif cur is not None and trimmed and not trimmed.strip("`") and len(trimmed) >= 3:
            cur[1], cur[3] = "".join(code), nxt
            out.append(cur)
            cur = None
        elif cur is not None:
            code.append(text[pos:nxt])
        pos = nxt
    if cur is not None:
        cur[1] = "".join(code)
        out.append(cur)
    return out


def fence_open(text):
    bs = fenced_blocks(text)
    return bool(bs) and bs[-1][3] < 0


def ending_code(text, start):
    """The code of a closed Python block that ends text (nothing but white
    space after it) and opened at or after start, else None."""
    bs = fenced_blocks(text)
    if not bs:
        return None
    lang, code, begin, end = bs[-1]
    if end < 0 or begin < start or text[end:].strip(GO_SPACE) or lang not in PYTHON_FENCES:
        return None
    return code


def output_block(transcript, output):
    """The ```output block appended after code, on a line of its own."""
    pre = "" if transcript.endswith("\n") else "\n"
    post = "\n" if output and not output.endswith("\n") else ""
    return pre + "```output\n" + output + post + "```\n"


def closed_by_stop(stop_reason, before, text):
    """Whether the turn ended at a closing fence that vLLM removed: its
    stop_reason says so; without one, a fence is left open."""
    if isinstance(stop_reason, str) and stop_reason:
        return stop_reason == FENCE_STOP
    return fence_open(before + text)


class TextConversation:
    """One attempt's conversation in the text format. next_turn() says
    what to ask the engine; take() takes its reply and returns the code to
    run, if any; answer() takes the cell's result. The record (turns,
    calls, why it stopped) follows aimo's backends.Turn."""

    def __init__(self, attempt, prompt, seed, budget, max_rounds, stops=()):
        self.attempt, self.prompt, self.seed, self.budget, self.max_rounds = attempt, prompt, seed, budget, max_rounds
        self.stop = list(stops) + [FENCE_STOP, OUTPUT_STOP]
        self.transcript, self.turns = "", []
        self.used = self.rounds = 0
        self.done, self.error = False, None
        self._h, self._tokens, self._missing = 0.0, 0, False

    def next_turn(self):
        """(prompt, max_tokens) of the next turn, or None when the
        conversation is over."""
        if self.done:
            return None
        if len(self.turns) >= 2 * self.max_rounds + 2:
            self._end("the turn limit (2 x max_rounds + 2) was reached")
            return None
        if self.used >= self.budget:
            self._end("the token budget (max_tokens %d) was used up" % self.budget)
            return None
        return self.prompt + self.transcript, self.budget - self.used

    def _end(self, why):
        if self.turns and not self.turns[-1]["stop"]:
            self.turns[-1]["stop"] = why
        self.done = True

    def take(self, text, finish, stop_reason, tokens, entropy=None):
        """Takes the model's turn; returns the code to run, else None."""
        self.used += tokens
        self._add_entropy(entropy, tokens)
        turn = {"text": text, "finish_reason": finish, "calls": [], "stop": "", "tokens": tokens}
        restored = finish == "stop" and closed_by_stop(stop_reason, self.transcript, text)
        if restored:
            turn["text"] += FENCE_STOP
        start = len(self.transcript)
        self.transcript += turn["text"]
        self.turns.append(turn)
        code = ending_code(self.transcript, start)
        if finish == "length" or (code is None and not restored):
            if finish == "length" and self.used >= self.budget:
                turn["stop"] = "the token budget (max_tokens %d) was used up" % self.budget
            self.done = True
            return None
        if code is None:
            return None
        turn["calls"] = [{"code": code}]
        if self.rounds >= self.max_rounds:
            turn["calls"][0]["unanswered"] = True
            turn["stop"] = "the tool round limit (max_rounds %d) was reached" % self.max_rounds
            self.done = True
            return None
        return code

    def answer(self, result):
        """Shows the model what its last cell did."""
        call = self.turns[-1]["calls"][0]
        call.update(output=result.text(), error=result.error, timed_out=result.timed_out,
                    truncated=result.truncated, reset=result.reset, duration_s=result.duration_s)
        self.rounds += 1
        self.transcript += output_block(self.transcript, call["output"])

    def refused(self, why):
        """Ends the conversation where the engine refused its next turn
        because the prompt outgrew the model's context."""
        self.turns[-1]["stop"] = "the conversation outgrew the model's context: " + why
        self.done = True

    def fail(self, why):
        self.error, self.done = why, True

    def _add_entropy(self, h, tokens):
        if h is None or tokens == 0:
            self._missing = True
            return
        self._h += h * tokens
        self._tokens += tokens

    def entropy(self):
        """The turns' mean token entropy weighted by their tokens, when
        every turn has one."""
        if self._missing or self._tokens == 0:
            return None
        return self._h / self._tokens

    def finish_reason(self):
        return self.turns[-1]["finish_reason"] if self.turns else None

    def calls(self):
        return [c for t in self.turns for c in t["calls"]]

    def stats(self):
        """Tool calls, failed calls (an error or a timeout), timeouts and
        seconds in the sandbox."""
        ran = [c for c in self.calls() if "output" in c]
        return {"rounds": self.rounds, "calls": len(ran), "errors": sum(1 for c in ran if c["error"]),
                "timeouts": sum(1 for c in ran if c["timed_out"]),
                "tool_s": round(sum(c["duration_s"] for c in ran), 3), "turns": len(self.turns)}
