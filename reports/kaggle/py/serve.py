# Serving: vLLM's offline engine runs the attempts of one problem in
# parallel, stops once enough answers agree or the problem's time is up, and
# votes; the AIMO3 inference server calls predict once per problem.
import json
import os
import time

START = time.time()
CONFIG = json.loads(os.environ["AIMO_CONFIG"]) if os.environ.get("AIMO_CONFIG") else json.loads(CONFIG_JSON)


def answer_key(text, cfg=None):
    """The integer answer of one attempt as a string, or None."""
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


class Solver:
    """Solves problems one at a time within the notebook's time budget."""

    def __init__(self, cfg=None):
        import vllm

        self.cfg = cfg or CONFIG
        m = self.cfg["model"]
        kwargs = {k: m[k] for k in ("dtype", "quantization", "max_model_len", "kv_cache_dtype",
                                     "gpu_memory_utilization", "tensor_parallel_size", "max_num_seqs") if m.get(k)}
        lora = m.get("lora")
        if lora:
            kwargs.update(enable_lora=True, max_lora_rank=lora.get("rank") or 64)
        self.llm = vllm.LLM(model=os.environ.get("AIMO_MODEL_PATH", m["path"]), seed=self.cfg["sampling"]["seed"], **kwargs)
        self.engine = self.llm.llm_engine
        self.tokenizer = self.llm.get_tokenizer()
        self.lora = None
        if lora:
            from vllm.lora.request import LoRARequest
            self.lora = LoRARequest(lora["name"], 1, os.environ.get("AIMO_LORA_PATH", lora["path"]))
        self.solved = 0
        self.log = os.environ.get("AIMO_LOG")

    def params(self, attempt):
        import vllm

        s = self.cfg["sampling"]
        kw = dict(n=1, temperature=s["temperature"], top_p=s["top_p"], max_tokens=s["max_tokens"],
                  seed=s["seed"] + attempt, logprobs=s.get("logprobs") or None)
        if s.get("top_k"):
            kw["top_k"] = s["top_k"]
        if s.get("min_p"):
            kw["min_p"] = s["min_p"]
        if s.get("stop"):
            kw["stop"] = s["stop"]
        return vllm.SamplingParams(**kw)

    def prompt(self, problem):
        r = render(problem, self.cfg)
        if isinstance(r, str):
            return r
        return self.tokenizer.apply_chat_template(r, tokenize=False, add_generation_prompt=True)

    def budget(self):
        t = self.cfg["time"]
        left = START + t["total_s"] - time.time()
        after = max(t["problems"] - self.solved - 1, 0)
        return allowance(left, after, t["reserve_s"], t["low_s"], t["high_s"])

    def solve(self, pid, problem):
        """The answer to one problem: always an integer in range."""
        allow, began = self.budget(), time.time()
        samples, stopped = self.attempts(pid, problem, allow, began) if allow > 0 else ([], "no time")
        v = self.cfg["voting"]
        key, _ = vote(v["method"], samples, v.get("early_stop", 0))
        ans = int(key) if key is not None else self.cfg["fallback_answer"]
        self.solved += 1
        if self.log:
            with open(self.log, "a") as f:
                f.write(json.dumps({"id": pid, "answer": ans, "allowance_s": allow, "elapsed_s": time.time() - began,
                                    "finished": len(samples), "stopped": stopped}) + "\n")
        return ans

    def attempts(self, pid, problem, allow, began):
        n, m = self.cfg["voting"]["attempts"], self.cfg["voting"].get("early_stop", 0)
        prompt = self.prompt(problem)
        ids = ["%s-%d" % (pid, i) for i in range(n)]
        for i, rid in enumerate(ids):
            self.engine.add_request(rid, prompt, self.params(i), lora_request=self.lora)
        pending, samples, stopped = set(ids), [], "all finished"
        while pending:
            for out in self.engine.step():
                if out.request_id in pending and out.finished:
                    pending.discard(out.request_id)
                    o = out.outputs[0]
                    samples.append({"key": answer_key(o.text, self.cfg), "entropy": token_entropy(o.logprobs)})
            if pending and agreed(samples, m):
                stopped = "early stop"
            elif pending and time.time() - began > allow:
                stopped = "time"
            else:
                continue
            self.engine.abort_request(list(pending))
            while self.engine.has_unfinished_requests():
                self.engine.step()
            break
        for s in samples:
            if s["entropy"] is not None:
                s["confidence"] = math.exp(-max(s["entropy"], 0.0))
        return samples, stopped


def make_predict(solver):
    import polars as pl

    def predict(id_, problem, *rest):
        pid, text = id_.item(0), problem.item(0)
        return pl.DataFrame({"id": [pid], "answer": [int(solver.solve(pid, text))]})

    return predict


def main():
    import kaggle_evaluation.aimo_3_inference_server as aimo3

    server = aimo3.AIMO3InferenceServer(make_predict(Solver()))
    if os.getenv("KAGGLE_IS_COMPETITION_RERUN"):
        server.serve()
    else:
        server.run_local_gateway((os.environ.get("AIMO_TEST_CSV", CONFIG["local_test_csv"]),))
