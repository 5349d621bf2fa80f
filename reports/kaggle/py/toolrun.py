# Tool conversations on vLLM's offline engine: each turn of each attempt is
# one engine request; a turn that ends in code hands it to the attempt's
# own thread, which runs it in the attempt's sandbox session while the
# engine goes on decoding the other attempts, and the attempt's next turn
# is added when the output is back. The attempt's thread starts its worker
# and lives until the problem ends, as the worker's parent-death signal
# follows the thread that started it.
import queue
import threading

CONTEXT_WORDS = ("maximum model length", "max_model_len", "context length", "maximum context length")


def context_full(err):
    """Whether the engine refused a prompt that leaves no room in the
    model's context."""
    msg = str(err).lower()
    return any(w in msg for w in CONTEXT_WORDS)


class _AttemptThread:
    """Runs one attempt's cells in order, in its own sandbox session."""

    def __init__(self, i, pool, done):
        self.i, self.pool, self.done = i, pool, done
        self.cells = queue.Queue()
        self.session = pool.session() if pool is not None else None
        threading.Thread(target=self._serve, name="aimo-attempt-%d" % i, daemon=True).start()

    def _serve(self):
        try:
            for code in iter(self.cells.get, None):
                try:
                    if self.session is None:
                        raise SandboxError("the sandbox did not start")
                    self.done.put((self.i, self.session.run(code), None))
                except Exception as e:
                    self.done.put((self.i, None, "sandbox: %s: %s" % (type(e).__name__, e)))
        finally:
            self.close()

    def close(self):
        """Kills the session's worker, even in the middle of a cell, and
        ends the thread."""
        if self.session is not None:
            self.session.close()
        self.cells.put(None)


class ToolRun:
    """The text conversations of one problem. params(conv, max_tokens) is
    a turn's SamplingParams; measure(output) its mean token entropy."""

    def __init__(self, engine, pool, params, tag, lora=None, measure=None):
        self.engine, self.pool, self.params, self.tag, self.lora = engine, pool, params, tag, lora
        self.measure = measure or (lambda o: None)
        self.convs, self.threads, self.requests = {}, {}, {}
        self.results = queue.Queue()
        self.running = 0
        self.ended = []

    def add(self, conv):
        self.convs[conv.attempt] = conv
        self._ask(conv)

    def active(self):
        return bool(self.requests) or self.running > 0

    def step(self):
        """Steps the engine (or, with no request in flight, waits a moment
        for a cell) and returns the conversations that ended."""
        if self.requests:
            for out in self.engine.step():
                if out.finished and out.request_id in self.requests:
                    self._take(self.convs[self.requests.pop(out.request_id)], out.outputs[0])
        self._collect(wait=0.0 if self.requests else 0.01)
        ended, self.ended = self.ended, []
        return ended

    def close(self):
        """Kills every session (cells still running included) and returns
        the requests still in the engine, for the caller to abort."""
        for t in self.threads.values():
            t.close()
        return list(self.requests)

    def _ask(self, conv):
        nxt = conv.next_turn()
        if nxt is None:
            self.ended.append(conv)
            return
        prompt, max_tokens = nxt
        rid = "%s-%d-%d" % (self.tag, conv.attempt, len(conv.turns))
        try:
            self.engine.add_request(rid, prompt, self.params(conv, max_tokens), lora_request=self.lora)
        except Exception as e:
            why = "%s: %s" % (type(e).__name__, e)
            conv.refused(why) if conv.turns and context_full(e) else conv.fail(why)
            self.ended.append(conv)
            return
        self.requests[rid] = conv.attempt

    def _take(self, conv, o):
        try:
            ids = getattr(o, "token_ids", None)
            code = conv.take(o.text, o.finish_reason, getattr(o, "stop_reason", None), 0 if ids is None else len(ids),
                             self.measure(o))
        except Exception as e:
            conv.fail("%s: %s" % (type(e).__name__, e))
            self.ended.append(conv)
            return
        if code is None:
            self._ask(conv)
            return
        t = self.threads.get(conv.attempt)
        if t is None:
            t = self.threads[conv.attempt] = _AttemptThread(conv.attempt, self.pool, self.results)
        self.running += 1
        t.cells.put(code)

    def _collect(self, wait):
        while self.running:
            try:
                i, res, err = self.results.get(timeout=wait) if wait else self.results.get_nowait()
            except queue.Empty:
                return
            wait = 0.0
            self.running -= 1
            conv = self.convs[i]
            if err is not None:
                conv.fail(err)
                self.ended.append(conv)
            else:
                conv.answer(res)
                self._ask(conv)
