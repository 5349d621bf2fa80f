# parity.py MODULE SAMPLES.jsonl: prints, per problem, the exported module's
# integer answer for every sample and its vote under every requested setting.
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("aimo_submission", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
ex = mod.CONFIG["extraction"]

for line in open(sys.argv[2], encoding="utf-8"):
    row = json.loads(line)
    keys = [mod.answer_key(t) for t in row["texts"]]
    samples = [{"key": k, "entropy": h} for k, h in zip(keys, row["entropy"])]
    votes = {}
    for method in row["methods"]:
        for stop in row["stops"]:
            key, used = mod.vote(method, samples, stop)
            votes["%s/%d" % (method, stop)] = [key, used]
    print(json.dumps({"id": row["id"], "keys": keys, "votes": votes}))
