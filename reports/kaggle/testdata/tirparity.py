# tirparity.py MODULE TURNS.jsonl: runs the exported module's tool loop
# (Solver.attempts, its sandbox started from the shipped SANDBOX_SOURCES) on
# each recorded problem, with a stand-in offline engine that returns the
# recorded model turns of each attempt (found by its seed) in turn, one
# finished request per step, round robin. Prints, per problem, each
# attempt's transcript, calls, answer and the requests it made.
import importlib.util
import json
import sys
import time
import types


class SamplingParams:
    def __init__(self, n=1, seed=None, max_tokens=16, stop=None, **kw):
        self.n, self.seed, self.max_tokens, self.stop = n, seed, max_tokens, stop


sys.modules["vllm"] = types.SimpleNamespace(SamplingParams=SamplingParams)
spec = importlib.util.spec_from_file_location("aimo_submission", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)


class Output:
    def __init__(self, turn):
        self.text, self.finish_reason, self.stop_reason = turn["text"], turn["finish"], turn["stop_reason"]
        self.token_ids, self.logprobs = list(range(turn["tokens"])), None


class Finished:
    def __init__(self, rid, turn):
        self.request_id, self.finished, self.outputs = rid, True, [Output(turn)]


class Engine:
    """Returns each attempt's recorded turns in order and records what
    every request asked for."""

    def __init__(self, turns, seed):
        self.turns, self.seed = turns, seed
        self.asked = {i: [] for i in range(len(turns))}
        self.pending = []

    def add_request(self, rid, prompt, params, lora_request=None):
        i = params.seed - self.seed
        j = len(self.asked[i])
        self.asked[i].append({"prompt": prompt, "max_tokens": params.max_tokens, "stop": params.stop, "seed": params.seed})
        if j >= len(self.turns[i]):
            raise AssertionError("attempt %d asked for turn %d; the sweep took %d" % (i, j + 1, len(self.turns[i])))
        self.pending.append(Finished(rid, self.turns[i][j]))

    def step(self):
        time.sleep(0.001)
        return [self.pending.pop(0)] if self.pending else []

    def has_unfinished_requests(self):
        return bool(self.pending)

    def abort_request(self, ids):
        self.pending = [p for p in self.pending if p.request_id not in ids]


solver = mod.Solver()
solver.start_sandbox()
assert solver.sandbox is not None, "the sandbox did not start"
print(json.dumps(solver.sandbox.hello.get("protections")), file=sys.stderr)
solver.loaded.set()
for line in open(sys.argv[2], encoding="utf-8"):
    rec = json.loads(line)
    solver.engine = Engine(rec["turns"], mod.CONFIG["sampling"]["seed"])
    samples = []
    stopped = solver.attempts(rec["id"], rec["problem"], 300, time.time(), samples)
    out = []
    for s in samples:
        a = s.get("attempt")
        out.append({"attempt": a, "transcript": s.get("transcript"), "key": s.get("key"), "error": s.get("error", ""),
                    "calls": s.get("calls"), "requests": solver.engine.asked.get(a, [])})
    print(json.dumps({"id": rec["id"], "stopped": stopped, "attempts": out}))
solver.sandbox.close()
