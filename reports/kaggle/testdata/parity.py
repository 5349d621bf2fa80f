# parity.py MODULE SAMPLES.jsonl: prints, per problem, what the exported
# module makes of every sample (its final text's integer answer and its
# mean top-k token entropy) and its vote under every requested setting.
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("aimo_submission", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)


class Logprob:
    """vLLM's offline logprob entry."""

    def __init__(self, logprob, rank):
        self.logprob, self.rank = logprob, rank


def positions(rows):
    if rows is None:
        return None
    return [{tid: Logprob(lp, int(rank)) for tid, (lp, rank) in enumerate(pos)} for pos in rows]


for line in open(sys.argv[2], encoding="utf-8"):
    row = json.loads(line)
    keys, entropies, samples = [], [], []
    for raw, finish, lps in zip(row["raw"], row["finish"], row["logprobs"]):
        key = mod.answer_key(mod.final_text(raw, finish))
        h = mod.token_entropy(positions(lps), row["k"])
        s = {"key": key, "entropy": h}
        if h is not None:
            s["confidence"] = mod.math.exp(-max(h, 0.0))
        keys.append(key)
        entropies.append(h)
        samples.append(s)
    votes = {}
    for method in row["methods"]:
        for stop in row["stops"]:
            key, used = mod.vote(method, samples, stop)
            votes["%s/%d" % (method, stop)] = [key, used]
    print(json.dumps({"id": row["id"], "keys": keys, "entropy": entropies, "votes": votes}))
