# bounded.py MODULE CASES.jsonl: for each row {"values", "fallbacks", "lo",
# "hi", "modulus"}, prints the exported module's extraction and integer answer
# of every value, the value itself read as an integer, and the processor time
# of the slowest value (the best of three runs), so Go can hold the
# notebook's grading to its answers and its time limit.
import importlib.util
import json
import sys
import time

spec = importlib.util.spec_from_file_location("aimo_submission", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)


def grade(row, value):
    a = mod.extract(value, row["fallbacks"])
    n = mod.parse_integer(a, row["lo"], row["hi"], row["modulus"])
    direct = mod.parse_integer(value, row["lo"], row["hi"], row["modulus"])
    return a, n, direct


for line in open(sys.argv[2], encoding="utf-8"):
    row = json.loads(line)
    out, worst = [], 0.0
    for value in row["values"]:
        best = None
        for _ in range(3):
            start = time.process_time()
            got = grade(row, value)
            spent = time.process_time() - start
            best = spent if best is None else min(best, spent)
        worst = max(worst, best)
        out.append({"answer": got[0], "integer": got[1], "direct": got[2]})
    print(json.dumps({"results": out, "cpu_ms": worst * 1000}))
