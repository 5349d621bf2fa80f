"""Stand-in for vllm in aimo's notebook tests: the offline engine returns
recorded completions, and misbehaves on purpose where told to.

AIMO_STUB_RECORDED names a JSONL file of {"id", "problem", "texts",
"times", "finish", "logprobs"}: an attempt finishes AIMO_STUB_SCALE x its
recorded seconds after it was added, and step() hands out at most one
finished request, the earliest due, so attempts finish in recorded order.
logprobs, when given, are per position lists of [logprob, rank] pairs.

A record with "turns" instead of "texts" holds tool conversations: per
attempt, the text of each turn (the last one repeats), where "{output}"
stands for the last ```output block of the prompt; the request's stop
strings cut it as vLLM does (stop_reason the string). Its request ids are
"<problem>-<attempt>-<turn>".

Misbehaviour, by problem id: AIMO_STUB_FAIL (add_request raises),
AIMO_STUB_STEP_FAIL (step raises, once, after the problem's first
attempt finished), AIMO_STUB_BAD (attempt 0's logprobs raise when read),
AIMO_STUB_HANG (step blocks AIMO_STUB_HANG_S seconds, once). Loading the
model takes AIMO_STUB_LOAD_S seconds."""
import json
import os
import time

_RECORDED = [json.loads(l) for l in open(os.environ["AIMO_STUB_RECORDED"], encoding="utf-8")]
_SCALE = float(os.environ.get("AIMO_STUB_SCALE", "0.001"))
LLM_ARGS = {}


def _ids(name):
    return set(filter(None, os.environ.get(name, "").split(",")))


class SamplingParams:
    def __init__(self, n=1, temperature=1.0, top_p=1.0, max_tokens=16, seed=None, logprobs=None,
                 skip_special_tokens=True, stop=None, **kw):
        assert n == 1, "aimo adds one request per attempt"
        assert max_tokens > 0 and 0 <= temperature and 0 < top_p <= 1
        self.n, self.seed, self.logprobs, self.skip_special_tokens = n, seed, logprobs, skip_special_tokens
        self.stop, self.max_tokens = stop or [], max_tokens


class Logprob:
    def __init__(self, logprob, rank):
        self.logprob, self.rank, self.decoded_token = logprob, rank, None


class _Exploding(list):
    """Logprobs that raise when read: a malformed output."""

    def __iter__(self):
        raise ValueError("malformed logprobs")


class CompletionOutput:
    def __init__(self, text, logprobs, finish_reason, stop_reason=None):
        self.text, self.logprobs, self.finish_reason, self.stop_reason = text, logprobs, finish_reason, stop_reason
        self.token_ids = list(range(len(text.split())))


class RequestOutput:
    def __init__(self, request_id, text, logprobs, finish_reason, stop_reason=None):
        self.request_id, self.finished = request_id, True
        self.outputs = [CompletionOutput(text, logprobs, finish_reason, stop_reason)]


def _turn(rec, request_id, prompt, stop):
    """A tool conversation's turn: (attempt, text, stop_reason)."""
    _, i, j = request_id.rsplit("-", 2)
    turns = rec["turns"][int(i) % len(rec["turns"])]
    text = turns[min(int(j), len(turns) - 1)]
    k = prompt.rfind("```output\n")
    if "{output}" in text and k >= 0:
        text = text.replace("{output}", prompt[k + len("```output\n"):].rsplit("```", 1)[0].strip())
    cut = min(((text.find(s), s) for s in stop if s in text), default=None)
    return (int(i), text[:cut[0]], cut[1]) if cut else (int(i), text, None)


def _logprobs(rec, i, k):
    if not k:
        return None
    rows = (rec.get("logprobs") or [None] * (i + 1))[i]
    if rows is None:
        return [{1: Logprob(-0.05 * (1 + i % 3), 1), 2: Logprob(-3.0, 2)}]
    return [{tid: Logprob(lp, rank) for tid, (lp, rank) in enumerate(pos)} for pos in rows]


class _Engine:
    def __init__(self):
        self.pending = {}
        self.hung, self.failed = set(), set()
        self.finished_of = {}

    def add_request(self, request_id, prompt, params, lora_request=None):
        assert isinstance(prompt, str) and isinstance(params, SamplingParams)
        rec = next((r for r in _RECORDED if r["problem"] in prompt), None)
        assert rec is not None, "prompt holds no recorded problem"
        if rec.get("id") in _ids("AIMO_STUB_FAIL"):
            raise RuntimeError("stand-in engine: add_request failed for " + rec["id"])
        if rec.get("turns"):
            i, text, stop_reason = _turn(rec, request_id, prompt, params.stop)
            self.pending[request_id] = (time.time() + _SCALE, i, rec, None, "stop", text, stop_reason)
            return
        i = int(request_id.rsplit("-", 1)[1]) % len(rec["texts"])
        t = rec["times"][i] if rec.get("times") else 1.0
        lp = _logprobs(rec, i, params.logprobs)
        if rec.get("id") in _ids("AIMO_STUB_BAD") and i == 0:
            lp = _Exploding([None])
        finish = (rec.get("finish") or ["stop"] * len(rec["texts"]))[i]
        self.pending[request_id] = (time.time() + t * _SCALE, i, rec, lp, finish, rec["texts"][i], None)

    def step(self):
        time.sleep(0.002)
        for rid, (_, _, rec, *_) in list(self.pending.items()):
            pid = rec.get("id")
            if pid in _ids("AIMO_STUB_HANG") and pid not in self.hung:
                self.hung.add(pid)
                time.sleep(float(os.environ.get("AIMO_STUB_HANG_S", "5")))
            if pid in _ids("AIMO_STUB_STEP_FAIL") and self.finished_of.get(pid) and pid not in self.failed:
                self.failed.add(pid)
                raise RuntimeError("stand-in engine: step failed for " + pid)
        now = time.time()
        due = [(at, i, rid) for rid, (at, i, *_) in self.pending.items() if at <= now]
        if not due:
            return []
        _, _, rid = min(due)
        _, i, rec, lp, finish, text, stop_reason = self.pending.pop(rid)
        self.finished_of[rec.get("id")] = self.finished_of.get(rec.get("id"), 0) + 1
        return [RequestOutput(rid, text, lp, finish, stop_reason)]

    def has_unfinished_requests(self):
        return bool(self.pending)

    def abort_request(self, ids):
        for rid in ids:
            self.pending.pop(rid, None)


class _Tokenizer:
    def apply_chat_template(self, messages, tokenize=False, add_generation_prompt=True, **kw):
        assert not tokenize and add_generation_prompt
        LLM_ARGS["chat_template_kwargs"] = kw
        _dump()
        return "".join("<|%s|>%s" % (m["role"], m["content"]) for m in messages) + "<|assistant|>"


def _dump():
    """Writes what vllm was given to AIMO_STUB_LLM_ARGS, for the test."""
    path = os.environ.get("AIMO_STUB_LLM_ARGS")
    if path:
        with open(path, "w") as f:
            json.dump(LLM_ARGS, f, sort_keys=True)


class LLM:
    def __init__(self, model, **kw):
        time.sleep(float(os.environ.get("AIMO_STUB_LOAD_S", "0")))
        LLM_ARGS.update(kw, model=model)
        _dump()
        self.llm_engine = _Engine()

    def get_tokenizer(self):
        return _Tokenizer()
