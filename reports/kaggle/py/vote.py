# Voting and early stopping: a port of aimo's reports/vote. A sample is a dict
# with "key" (the integer answer as a string, None when the sample abstains)
# and optionally "entropy" (mean token entropy in nats), "confidence" and
# "score". Ties go to the higher score, then more samples, then the key whose
# first sample came earliest.

MIN_ENTROPY = 1e-6


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 == 1 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def count_until(samples, stop=0):
    """Groups valid samples by key in order, stopping once stop agree.
    Returns (groups, of, used): groups are dicts in first-seen order."""
    groups, index, of = [], {}, []
    for i, s in enumerate(samples):
        key = s.get("key")
        if not key:
            of.append(-1)
            continue
        g = index.get(key)
        if g is None:
            g = index[key] = len(groups)
            groups.append({"key": key, "first": i, "count": 0, "votes": 0.0, "score": 0.0})
        groups[g]["count"] += 1
        of.append(g)
        if stop > 0 and groups[g]["count"] >= stop:
            return groups, of, i + 1
    return groups, of, len(samples)


def _majority(groups, of, samples):
    for g in groups:
        g["votes"] = float(g["count"])
        g["score"] = g["votes"]


def _weighted(groups, of, samples, weight_of):
    weights, present, missing = [], [], False
    for i, s in enumerate(samples):
        if of[i] < 0:
            weights.append(None)
            continue
        w = weight_of(s)
        if w is None:
            missing = True
        else:
            present.append(w)
        weights.append(w)
    fill = _median(present) if present else 1.0
    total = 0.0
    for i in range(len(samples)):
        if of[i] < 0:
            continue
        w = weights[i]
        if missing and w is None:
            w = fill
        groups[of[i]]["votes"] += w
        total += w
    if total <= 0:
        _majority(groups, of, samples)
        return
    for g in groups:
        g["score"] = g["votes"]


def _entropy_weight(s):
    h = s.get("entropy")
    return None if h is None else 1 / max(h, MIN_ENTROPY)


def _score_weight(s):
    v = s.get("score")
    return None if v is None else max(v, 0.0)


def _max_confidence(groups, of, samples):
    for g in groups:
        g["score"] = float("-inf")
    for i, s in enumerate(samples):
        if of[i] >= 0:
            g = groups[of[i]]
            g["score"] = max(g["score"], s.get("confidence", 0.0))
    for g in groups:
        g["votes"] = g["score"]


def _median_confidence(groups, of, samples):
    for gi, g in enumerate(groups):
        g["score"] = _median([s.get("confidence", 0.0) for i, s in enumerate(samples) if of[i] == gi])
        g["votes"] = g["score"]


def _numeric_average(groups, of, samples):
    total, n = 0.0, 0
    for g in groups:
        try:
            g["value"], g["is_int"] = int(g["key"]), True
        except ValueError:
            g["is_int"] = False
        if g["is_int"]:
            total += float(g["value"]) * float(g["count"])
            n += g["count"]
    if n == 0:
        _majority(groups, of, samples)
        return
    mean = total / n
    for g in groups:
        g["votes"] = float(g["count"])
        g["score"] = -abs(float(g["value"]) - mean) if g["is_int"] else float("-inf")


METHODS = {
    "majority": _majority,
    "unanimous": _majority,
    "confidence_weighted": lambda g, o, s: _weighted(g, o, s, lambda x: max(x.get("confidence", 0.0), 0.0)),
    "entropy_weighted": lambda g, o, s: _weighted(g, o, s, _entropy_weight),
    "score_weighted": lambda g, o, s: _weighted(g, o, s, _score_weight),
    "max_confidence": _max_confidence,
    "median_confidence": _median_confidence,
    "numeric_average": _numeric_average,
}


def vote(method, samples, early_stop=0):
    """The winning key of samples (None when no sample is valid) and how many
    samples were read."""
    groups, of, used = count_until(samples, early_stop)
    if not groups:
        return None, used
    if method == "unanimous" and (len(groups) > 1 or -1 in of[:used]):
        # Unanimous answers only when every sample read gave the same answer.
        return None, used
    METHODS[method](groups, of, samples[:used])
    best = 0
    for gi in range(1, len(groups)):
        a, b = groups[gi], groups[best]
        if a["score"] > b["score"]:
            best = gi
        elif a["score"] == b["score"] and (a["count"] > b["count"] or a["count"] == b["count"] and a["first"] < b["first"]):
            best = gi
    return groups[best]["key"], used


def agreed(samples, m):
    """Whether m valid samples already share a key (the early stop fires)."""
    return m > 0 and any(g["count"] >= m for g in count_until(samples)[0])


def allowance(time_left, problems_left, reserve_s, low_s, high_s):
    """Seconds for the next problem: clamp(time_left - reserve * problems left
    after it, low, high), never more than the time left."""
    a = min(max(time_left - reserve_s * problems_left, low_s), high_s)
    return max(0.0, min(a, time_left))


# LOGPROB_FLOOR is vLLM's clamp for -inf logprobs; such entries carry no
# probability and are dropped, as aimo's Go code drops them.
LOGPROB_FLOOR = -9999.0


def position_entropy(lps):
    """Entropy (nats) of one position's top-k candidates renormalised to sum
    to one (aimo's definition: at most ln k), or None without candidates."""
    lps = sorted(v for v in lps if v > LOGPROB_FLOOR)
    m = 0.0
    for v in lps:
        m += math.exp(v)
    if m <= 0:
        return None
    h = 0.0
    for v in lps:
        q = math.exp(v) / m
        h -= q * math.log(q)
    return h


def top_logprobs(top, k):
    """The logprobs of a position's k best candidates. vLLM's offline engine
    adds the sampled token when it is not among them (rank > k); the OpenAI
    API, which aimo measured with, does not list it."""
    out = []
    for lp in (top or {}).values():
        rank = getattr(lp, "rank", None)
        if k and rank is not None and rank > k:
            continue
        out.append(getattr(lp, "logprob", lp))
    return out


def token_entropy(logprobs, k=0):
    """Mean over positions of position_entropy of the top-k logprobs;
    positions without candidates are skipped. None without logprobs."""
    hs = [h for h in (position_entropy(top_logprobs(top, k)) for top in (logprobs or [])) if h is not None]
    if not hs:
        return None
    total = 0.0
    for h in hs:
        total += h
    return total / len(hs)
