"""Stand-in for vllm in aimo's smoke test: the offline engine returns recorded
completions. AIMO_STUB_RECORDED names a JSONL file of {"problem", "texts",
"times"}; an attempt finishes AIMO_STUB_SCALE x its recorded seconds after it
was added."""
import json
import os
import time

_RECORDED = [json.loads(l) for l in open(os.environ["AIMO_STUB_RECORDED"], encoding="utf-8")]
_SCALE = float(os.environ.get("AIMO_STUB_SCALE", "0.001"))
LLM_ARGS = {}


class SamplingParams:
    def __init__(self, n=1, temperature=1.0, top_p=1.0, max_tokens=16, seed=None, logprobs=None, **kw):
        assert n == 1, "aimo adds one request per attempt"
        assert max_tokens > 0 and 0 <= temperature and 0 < top_p <= 1
        self.n, self.seed, self.logprobs = n, seed, logprobs


class Logprob:
    def __init__(self, logprob):
        self.logprob = logprob


class CompletionOutput:
    def __init__(self, text, logprobs):
        self.text, self.logprobs, self.token_ids = text, logprobs, []


class RequestOutput:
    def __init__(self, request_id, text, logprobs):
        self.request_id, self.finished = request_id, True
        self.outputs = [CompletionOutput(text, logprobs)]


class _Engine:
    def __init__(self):
        self.pending = {}

    def add_request(self, request_id, prompt, params, lora_request=None):
        assert isinstance(prompt, str) and isinstance(params, SamplingParams)
        rec = next((r for r in _RECORDED if r["problem"] in prompt), None)
        assert rec is not None, "prompt holds no recorded problem"
        i = int(request_id.rsplit("-", 1)[1]) % len(rec["texts"])
        t = rec["times"][i] if rec.get("times") else 1.0
        lp = [{1: Logprob(-0.05 * (1 + i % 3)), 2: Logprob(-3.0)}] if params.logprobs else None
        self.pending[request_id] = (time.time() + t * _SCALE, rec["texts"][i], lp)

    def step(self):
        time.sleep(0.002)
        now, done = time.time(), []
        for rid, (at, text, lp) in list(self.pending.items()):
            if at <= now:
                del self.pending[rid]
                done.append(RequestOutput(rid, text, lp))
        return done

    def has_unfinished_requests(self):
        return bool(self.pending)

    def abort_request(self, ids):
        for rid in ids:
            self.pending.pop(rid, None)


class _Tokenizer:
    def apply_chat_template(self, messages, tokenize=False, add_generation_prompt=True):
        assert not tokenize and add_generation_prompt
        return "".join("<|%s|>%s" % (m["role"], m["content"]) for m in messages) + "<|assistant|>"


class LLM:
    def __init__(self, model, **kw):
        LLM_ARGS.update(kw, model=model)
        self.llm_engine = _Engine()

    def get_tokenizer(self):
        return _Tokenizer()
