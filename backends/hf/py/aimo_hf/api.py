"""The OpenAI wire format as vLLM speaks it: checking requests, shaping replies.

Nothing here touches a model. parse_request turns a decoded JSON body into a
Job the engine runs, raising ApiError (status 400 or 404) with vLLM's
message where aimo's client or a person could act on it; chat_response and
completion_response turn the engine's choices into the two reply shapes.

Defaults follow vLLM: n 1, temperature 1 (0 is greedy), top_p 1, top_k off,
min_p off, max_tokens 16 for /v1/completions and "up to the context length"
for chat, and a request's own seed s gives choice i the seed s+i.
"""

import time
import uuid
from dataclasses import dataclass, field

MAX_TOP_LOGPROBS = 20
INT64 = (-(2**63), 2**63 - 1)
GREEDY_BELOW = 1e-5  # vLLM samples greedily below this temperature.

# UNSUPPORTED are fields whose non-default values this server cannot honour;
# it refuses them rather than answer as if they had been applied.
UNSUPPORTED = {
    "presence_penalty": (None, 0, 0.0),
    "frequency_penalty": (None, 0, 0.0),
    "logit_bias": (None, {}),
    "echo": (None, False),
    "tools": (None, []),
    "stream": (None, False),
}


class ApiError(Exception):
    """ApiError is a reply other than 200, in OpenAI's error shape."""

    def __init__(self, status, kind, message):
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message

    def body(self):
        return {"error": {"message": self.message, "type": self.kind, "code": self.status}}


def bad_request(message):
    return ApiError(400, "BadRequestError", message)


def not_found(message):
    return ApiError(404, "NotFoundError", message)


@dataclass
class Job:
    """Job is one checked request: what to condition on and how to sample."""

    chat: bool
    model: str
    messages: list | None = None
    prompt: str | None = None
    n: int = 1
    sampling: dict = field(default_factory=dict)  # temperature, top_p, top_k, min_p, only those sent
    max_tokens: int | None = None
    stop: list = field(default_factory=list)
    seed: int | None = None
    logprobs: int | None = None  # None: no logprobs; k: each token's logprob and its k best alternatives
    add_generation_prompt: bool = True  # chat: open a new assistant turn after the messages
    continue_final: bool = False  # chat: go on from the last (assistant) message instead


def parse_request(body, chat, models):
    """parse_request checks a decoded request body against the served names."""
    if not isinstance(body, dict):
        raise bad_request("the request body must be a JSON object")
    model = body.get("model")
    if not isinstance(model, str) or model not in models:
        raise not_found(f"The model `{model}` does not exist.")
    for key, defaults in UNSUPPORTED.items():
        if body.get(key, None) not in defaults:
            raise bad_request(f"{key} is not supported by this server")
    job = Job(chat=chat, model=model)
    if chat:
        job.messages = messages(body.get("messages"))
        job.add_generation_prompt, job.continue_final = continuation(body, job.messages)
        job.max_tokens = optional_int(body, "max_completion_tokens", 1) or optional_int(body, "max_tokens", 1)
        job.logprobs = chat_logprobs(body)
    else:
        job.prompt = body.get("prompt")
        if not isinstance(job.prompt, str):
            raise bad_request("prompt must be a string")
        job.max_tokens = optional_int(body, "max_tokens", 1) or 16
        job.logprobs = optional_int(body, "logprobs", 0, MAX_TOP_LOGPROBS)
    job.n = optional_int(body, "n", 1) or 1
    job.seed = optional_int(body, "seed", *INT64)
    job.stop = stops(body.get("stop"))
    job.sampling = sampling(body)
    return job


def messages(value):
    if not isinstance(value, list) or not value:
        raise bad_request("messages must be a non-empty list")
    out = []
    for i, m in enumerate(value):
        if not isinstance(m, dict) or not isinstance(m.get("role"), str):
            raise bad_request(f"messages[{i}] must be an object with a role")
        out.append({"role": m["role"], "content": content_text(m.get("content"), i)})
    return out


def continuation(body, msgs):
    """continuation reads vLLM's add_generation_prompt and
    continue_final_message: the model either starts a new assistant turn or
    goes on from the last message, which must then be the assistant's."""
    add, cont = body.get("add_generation_prompt", True), body.get("continue_final_message", False)
    for key, value in (("add_generation_prompt", add), ("continue_final_message", cont)):
        if not isinstance(value, bool):
            raise bad_request(f"{key} must be a boolean, got {value!r}")
    if add and cont:
        raise bad_request("Cannot set both `continue_final_message` and `add_generation_prompt` to True.")
    if cont and msgs[-1]["role"] != "assistant":
        raise bad_request("continue_final_message needs the last message to be an assistant message")
    return add, cont


def content_text(content, i):
    """content_text accepts a string or OpenAI's list of text parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and p.get("type") == "text" for p in content):
        return "".join(str(p.get("text", "")) for p in content)
    raise bad_request(f"messages[{i}].content must be a string or a list of text parts")


def chat_logprobs(body):
    want = body.get("logprobs")
    if want is None or want is False:
        if body.get("top_logprobs"):
            raise bad_request("top_logprobs needs logprobs: true")
        return None
    if want is not True:
        raise bad_request("logprobs must be a boolean")
    return optional_int(body, "top_logprobs", 0, MAX_TOP_LOGPROBS) or 0


def stops(value):
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise bad_request("stop must be a string or a list of strings")
    return [s for s in value if s]


def sampling(body):
    """sampling collects the sampling parameters the request sets, checked."""
    out = {}
    ranges = {"temperature": (0.0, None), "top_p": (0.0, 1.0), "min_p": (0.0, 1.0), "repetition_penalty": (0.0, None)}
    for key, (low, high) in ranges.items():
        value = body.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low or (high is not None and value > high):
            limits = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise bad_request(f"{key} must be a number {limits}, got {value!r}")
        out[key] = float(value)
    if out.get("top_p") == 0.0:
        raise bad_request("top_p must be in (0, 1], got 0")
    if out.get("temperature", 1.0) < GREEDY_BELOW:
        out["temperature"] = 0.0
    top_k = optional_int(body, "top_k", -1)
    if top_k is not None:
        out["top_k"] = max(top_k, 0)  # vLLM's -1 and 0 both mean "all tokens".
    return out


def optional_int(body, key, low=None, high=None):
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"{key} must be an integer, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        raise bad_request(f"{key} must be {bounds}, got {value}")
    return value


def chat_response(job, result):
    choices = [
        {
            "index": i,
            "message": {"role": "assistant", "content": c.text},
            "logprobs": {"content": chat_token_logprobs(c)} if job.logprobs is not None else None,
            "finish_reason": c.finish_reason,
            "stop_reason": c.stop_reason,
        }
        for i, c in enumerate(result.choices)
    ]
    return envelope("chatcmpl", "chat.completion", job, result, choices)


def completion_response(job, result):
    choices = [
        {
            "index": i,
            "text": c.text,
            "logprobs": completion_logprobs(c) if job.logprobs is not None else None,
            "finish_reason": c.finish_reason,
            "stop_reason": c.stop_reason,
        }
        for i, c in enumerate(result.choices)
    ]
    return envelope("cmpl", "text_completion", job, result, choices)


def envelope(prefix, kind, job, result, choices):
    completion = sum(len(c.tokens) for c in result.choices)
    return {
        "id": f"{prefix}-{uuid.uuid4().hex}",
        "object": kind,
        "created": int(time.time()),
        "model": job.model,
        "choices": choices,
        "usage": {
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": result.prompt_tokens + completion,
        },
    }


def chat_token_logprobs(choice):
    def entry(token, logprob):
        return {"token": token, "logprob": logprob, "bytes": list(token.encode("utf-8"))}

    return [
        {**entry(t.token, t.logprob), "top_logprobs": [entry(tok, lp) for tok, lp in t.top]}
        for t in choice.tokens
    ]


def completion_logprobs(choice):
    """completion_logprobs is the legacy shape; like OpenAI and vLLM, each
    position's top map also holds the token that was sampled."""
    offsets, offset = [], 0
    for t in choice.tokens:
        offsets.append(offset)
        offset += len(t.token)
    tops = []
    for t in choice.tokens:
        top = dict(t.top)
        top.setdefault(t.token, t.logprob)
        tops.append(top)
    return {
        "tokens": [t.token for t in choice.tokens],
        "token_logprobs": [t.logprob for t in choice.tokens],
        "top_logprobs": tops,
        "text_offset": offsets,
    }
