# Serving: vLLM's offline engine runs the attempts of one problem in
# parallel, stops once enough answers agree or the problem's time is up, and
# votes; the AIMO3 inference server calls predict once per problem. With
# tools, each attempt is a text tool conversation (see ToolRun) whose code
# runs in the sweep's sandbox, and its transcript is what votes. Nothing
# that goes wrong inside a problem reaches the gateway, which would fail the
# whole run: a failed attempt abstains, a failed or hung problem answers
# what finished (else the fallback) and the run goes on.
import json
import os
import threading
import time
import traceback

CONFIG = json.loads(os.environ["AIMO_CONFIG"]) if os.environ.get("AIMO_CONFIG") else json.loads(CONFIG_JSON)


def answer_key(text, cfg=None):
    """The integer answer of one final text as a string, or None."""
    cfg = cfg or CONFIG
    ex = cfg["extraction"]
    n = parse_integer(extract(text, ex["fallbacks"]), ex["lo"], ex["hi"], ex.get("modulus", 0))
    return None if n is None else str(n)


def render(problem, cfg=None):
    """The chat messages (or completion text) for a problem, few-shot
    examples included, placeholders filled in one pass as aimo does."""
    p = (cfg or CONFIG)["prompt"]
    fill = lambda t: t.replace("{problem}", problem) if "{problem}" in t else t
    msgs = []
    if p.get("system"):
        msgs.append({"role": "system", "content": fill(p["system"])})
    for ex in p.get("examples", []):
        msgs += [{"role": "user", "content": ex["user"]}, {"role": "assistant", "content": ex["assistant"]}]
    msgs.append({"role": "user", "content": fill(p["user"])})
    if p.get("format") == "completion":
        return "\n\n".join(m["content"] for m in msgs)
    return msgs


def sample_of(output, cfg=None):
    """One finished attempt as a vote sample. Anything that fails here makes
    the attempt abstain rather than the problem fail."""
    cfg = cfg or CONFIG
    try:
        o = output.outputs[0]
        key = answer_key(final_text(o.text, getattr(o, "finish_reason", None)), cfg)
        h = token_entropy(o.logprobs, cfg["sampling"].get("logprobs", 0)) if cfg["sampling"].get("logprobs") else None
        s = {"key": key, "entropy": h, "finish": getattr(o, "finish_reason", None)}
        if h is not None:
            s["confidence"] = math.exp(-max(h, 0.0))
        return s
    except Exception as e:
        return {"key": None, "entropy": None, "error": "%s: %s" % (type(e).__name__, e)}


def tool_sample(conv, cfg=None):
    """One finished tool conversation as a vote sample: the transcript,
    output blocks included, is the attempt's text, its last turn's finish
    reason its finish reason, as in aimo's tool loop."""
    cfg = cfg or CONFIG
    try:
        if conv.error:
            s = {"key": None, "entropy": None, "error": conv.error}
        else:
            h = conv.entropy() if cfg["sampling"].get("logprobs") else None
            s = {"key": answer_key(final_text(conv.transcript, conv.finish_reason()), cfg), "entropy": h,
                 "finish": conv.finish_reason()}
            if h is not None:
                s["confidence"] = math.exp(-max(h, 0.0))
        s.update(attempt=conv.attempt, tools=conv.stats(), transcript=conv.transcript, calls=conv.calls())
        return s
    except Exception as e:
        return {"key": None, "entropy": None, "error": "%s: %s" % (type(e).__name__, e)}


class Solver:
    """Solves problems one at a time within the notebook's time budget."""

    def __init__(self, cfg=None):
        self.cfg = cfg or CONFIG
        self.llm = self.engine = self.tokenizer = self.lora = None
        self.load_error = None
        self.sandbox = None
        self.loaded = threading.Event()
        self.busy = threading.Lock()  # one problem drives the engine at a time
        self.solved = 0
        self.log = os.environ.get("AIMO_LOG", "aimo_log.jsonl")

    def load(self):
        """Loads the engine. A failure is kept: every problem then answers
        the fallback, and the log says why."""
        self.start_sandbox()
        try:
            import vllm

            m = self.cfg["model"]
            kwargs = {k: v for k, v in (m.get("engine") or {}).items() if v is not None}
            lora = m.get("lora")
            if lora:
                kwargs.update(enable_lora=True, max_loras=1, max_lora_rank=lora["rank"])
            self.llm = vllm.LLM(model=os.environ.get("AIMO_MODEL_PATH", m["path"]), **kwargs)
            self.engine = self.llm.llm_engine
            self.tokenizer = self.llm.get_tokenizer()
            if lora:
                from vllm.lora.request import LoRARequest

                self.lora = LoRARequest(lora["name"], 1, os.environ.get("AIMO_LORA_PATH", lora["path"]))
        except Exception as e:
            self.load_error = "%s: %s" % (type(e).__name__, e)
            traceback.print_exc()
        finally:
            self.write({"event": "loaded", "error": self.load_error, "since_start_s": time.time() - START})
            self.loaded.set()

    def start_sandbox(self):
        """Starts the sandbox of a tool-using configuration, once, and logs
        which protections hold; a failure is logged and every attempt that
        runs code then fails (abstains)."""
        tools = self.cfg.get("tools")
        if not tools:
            return
        entry = {"event": "sandbox", "error": None}
        try:
            self.sandbox = SandboxPool(tools["sandbox"], install_sandbox(SANDBOX_SOURCES))
            entry.update({k: self.sandbox.hello.get(k) for k in ("python", "modules", "protections")})
        except Exception as e:
            entry["error"] = "%s: %s" % (type(e).__name__, e)
            traceback.print_exc()
        self.write(entry)

    def params(self, attempt, max_tokens=None, stop=None):
        """An attempt's SamplingParams; a tool conversation's turns ask for
        what is left of max_tokens, with the fence stop strings."""
        import vllm

        s = self.cfg["sampling"]
        kw = dict(n=1, temperature=s["temperature"], top_p=s["top_p"], max_tokens=max_tokens or s["max_tokens"],
                  seed=s["seed"] + attempt, logprobs=s.get("logprobs") or None)
        for k in ("top_k", "min_p", "stop"):
            if s.get(k):
                kw[k] = s[k]
        if stop is not None:
            kw["stop"] = stop
        if self.cfg["model"].get("harmony"):
            kw["skip_special_tokens"] = False  # keep the channels that set reasoning apart
        return vllm.SamplingParams(**kw)

    def prompt(self, problem):
        r = render(problem, self.cfg)
        if isinstance(r, str):
            return r
        kw = {}
        if self.cfg["sampling"].get("reasoning_effort"):
            kw["reasoning_effort"] = self.cfg["sampling"]["reasoning_effort"]
        return self.tokenizer.apply_chat_template(r, tokenize=False, add_generation_prompt=True, **kw)

    def left(self):
        """Seconds left of the planned time: the limit less the margin, counted
        from the notebook's first cell, so loading the model is counted."""
        t = self.cfg["time"]
        return START + t["total_s"] - t.get("margin_s", 0) - time.time()

    def budget(self):
        t = self.cfg["time"]
        after = max(t["problems"] - self.solved - 1, 0)
        return allowance(self.left(), after, t["reserve_s"], t["low_s"], t["high_s"])

    def answer(self, pid, problem):
        """The answer to one problem: always an integer in range. The attempts
        run in a worker thread; after the allowance and a grace period the
        problem is answered from what finished, even if the engine hangs."""
        began, ans = time.time(), self.cfg["fallback_answer"]
        state = {"samples": [], "stopped": "no time", "error": None}
        allow = 0.0
        try:
            self.loaded.wait(timeout=max(self.left(), 0))
            allow = self.budget()
            if self.load_error:
                state["error"] = "engine did not load: " + self.load_error
            elif allow > 0:
                done = threading.Event()
                threading.Thread(target=self.solve, args=(pid, problem, allow, began, state, done), daemon=True).start()
                if not done.wait(allow + self.cfg["time"].get("grace_s", 30)):
                    state["stopped"] = "hung"
            v = self.cfg["voting"]
            key, _ = vote(v["method"], list(state["samples"]), v.get("early_stop", 0))
            if key is not None:
                ans = int(key)
        except Exception as e:
            state["error"] = "%s: %s" % (type(e).__name__, e)
        self.solved += 1
        samples = list(state["samples"])
        entry = {"id": pid, "answer": ans, "allowance_s": allow, "elapsed_s": time.time() - began,
                 "finished": len(samples), "stopped": state["stopped"], "error": state["error"],
                 "attempt_errors": [s["error"] for s in samples if s.get("error")]}
        tools = [s["tools"] for s in samples if s.get("tools")]
        if tools:
            entry["tools"] = {k: sum(t[k] for t in tools) for k in ("calls", "errors", "timeouts", "tool_s")}
        self.write(entry)
        return ans

    def solve(self, pid, problem, allow, began, state, done):
        """Runs the attempts (in the worker thread), recording into state."""
        try:
            if not self.busy.acquire(timeout=max(allow - (time.time() - began), 0)):
                state["stopped"] = "engine busy"
                return
            try:
                state["stopped"] = self.attempts(pid, problem, allow, began, state["samples"])
            finally:
                self.busy.release()
        except Exception as e:
            state["error"] = "%s: %s" % (type(e).__name__, e)
        finally:
            done.set()

    def attempts(self, pid, problem, allow, began, samples):
        if self.cfg.get("tools"):
            return self.tool_attempts(pid, problem, allow, began, samples)
        n, m = self.cfg["voting"]["attempts"], self.cfg["voting"].get("early_stop", 0)
        prompt = self.prompt(problem)
        pending = set()
        try:
            for i in range(n):
                rid = "%s-%d" % (pid, i)
                try:
                    self.engine.add_request(rid, prompt, self.params(i), lora_request=self.lora)
                    pending.add(rid)
                except Exception as e:
                    samples.append({"key": None, "entropy": None, "error": "%s: %s" % (type(e).__name__, e)})
            while pending:
                for out in self.engine.step():
                    if out.request_id in pending and out.finished:
                        pending.discard(out.request_id)
                        samples.append(sample_of(out, self.cfg))
                if pending and agreed(samples, m):
                    return "early stop"
                if pending and time.time() - began > allow:
                    return "time"
            return "all finished"
        finally:
            self.abort(pending)

    def tool_attempts(self, pid, problem, allow, began, samples):
        """The attempts as tool conversations (see ToolRun), with the same
        early stop and time limit."""
        n, m = self.cfg["voting"]["attempts"], self.cfg["voting"].get("early_stop", 0)
        s, t = self.cfg["sampling"], self.cfg["tools"]
        prompt = self.prompt(problem)
        k = s.get("logprobs") or 0
        run = ToolRun(self.engine, self.sandbox, lambda conv, mt: self.params(conv.attempt, mt, conv.stop), str(pid),
                      self.lora, (lambda o: token_entropy(o.logprobs, k)) if k else None)
        try:
            for i in range(n):
                run.add(TextConversation(i, prompt, s["seed"] + i, s["max_tokens"], t["max_rounds"], s.get("stop") or []))
            while True:
                samples.extend(tool_sample(c, self.cfg) for c in run.step())
                if not run.active():
                    return "all finished"
                if agreed(samples, m):
                    return "early stop"
                if time.time() - began > allow:
                    return "time"
        finally:
            self.abort(run.close())

    def abort(self, pending):
        """Aborts what is still running and drains the engine; a failure here
        is logged, not raised."""
        try:
            if pending:
                self.engine.abort_request(list(pending))
            while self.engine.has_unfinished_requests():
                self.engine.step()
        except Exception as e:
            self.write({"event": "abort failed", "error": "%s: %s" % (type(e).__name__, e)})

    def write(self, entry):
        if not self.log:
            return
        try:
            with open(self.log, "a") as f:
                f.write(json.dumps(entry) + "\n")
        except OSError:
            pass


def make_predict(solver):
    import polars as pl

    def predict(id_, problem, *rest):
        pid = id_.item(0) if hasattr(id_, "item") else id_
        text = problem.item(0) if hasattr(problem, "item") else problem
        return pl.DataFrame({"id": [pid], "answer": [int(solver.answer(pid, text))]})

    return predict


def main():
    prepare_offline(CONFIG)
    find_gateway(CONFIG)
    import kaggle_evaluation.aimo_3_inference_server as aimo3

    solver = Solver()
    server = aimo3.AIMO3InferenceServer(make_predict(solver))
    if os.getenv("KAGGLE_IS_COMPETITION_RERUN"):
        # The gateway gives the server 15 minutes to come up: start it at
        # once and load the model meanwhile; the first predict waits for it.
        server.server.start()
        solver.load()
        server.server.wait_for_termination()
    else:
        solver.load()
        server.run_local_gateway((os.environ.get("AIMO_TEST_CSV", CONFIG["local_test_csv"]),))
