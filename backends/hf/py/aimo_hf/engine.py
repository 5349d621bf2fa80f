"""The model behind the server: one transformers model, its LoRA adapters, generation.

Engine loads the base model once and, when adapters are given, wraps it in a
peft PeftModel holding each adapter under its served name. A request picks
an adapter with set_adapter, or runs the base with disable_adapter. One lock
serialises generation, since the adapter in use is state of the one model.

Reproducibility is per choice: choice i of a request with seed s is sampled
after torch.manual_seed(s + i), one choice at a time, so it does not depend
on n, on other requests, or on the order they arrive in. A request without a
seed takes the next seed of a stream started from the server's --seed.
Logprobs are of the model's raw distribution (before temperature and
truncation), as vLLM reports them by default.
"""

import random
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from .api import bad_request
from .common import UsageError

LOGPROB_FLOOR = -9999.0  # JSON has no -inf; vLLM clamps the same way.
SAMPLING_DEFAULTS = {"temperature": 1.0, "top_p": 1.0, "top_k": 0, "min_p": 0.0, "repetition_penalty": 1.0}


@dataclass
class Token:
    id: int
    token: str
    logprob: float | None = None
    top: list = field(default_factory=list)  # (token, logprob) pairs, best first


@dataclass
class Choice:
    text: str
    tokens: list
    finish_reason: str
    stop_reason: str | None = None  # the stop string that ended it, as vLLM reports


@dataclass
class Result:
    prompt_tokens: int
    choices: list


class Engine:
    """Engine generates with one base model and its named adapters."""

    def __init__(self, model_path, adapters, dtype, device, max_model_len, seed):
        import torch
        import transformers

        self.torch = torch
        self.device = device
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(model_path)
        model = transformers.AutoModelForCausalLM.from_pretrained(model_path, dtype=dtype, device_map=device)
        self.model = wrap_adapters(model, adapters)
        self.model.eval()
        self.adapters = dict(adapters)
        self.max_model_len = max_model_len or context_length(model.config)
        self.defaults = model_defaults(model.generation_config)
        self.eos = eos_ids(model.generation_config, self.tokenizer)
        self.pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.eos[0]
        self.seeds = random.Random(seed)
        self.lock = threading.Lock()

    def prompt_ids(self, job):
        """prompt_ids renders and tokenizes the request's prompt: a chat through
        the chat template, with the generation prompt; plain text as is."""
        if not job.chat:
            return self.tokenizer(job.prompt).input_ids
        if not self.tokenizer.chat_template:
            raise bad_request("this model has no chat template; use /v1/completions")
        text = self.tokenizer.apply_chat_template(
            job.messages,
            add_generation_prompt=job.add_generation_prompt,
            continue_final_message=job.continue_final,
            tokenize=False,
        )
        return self.tokenizer(text, add_special_tokens=False).input_ids

    def run(self, job, base_name):
        """run generates job.n choices with the model job names. Tokenizing
        happens under the lock too: a fast tokenizer is not safe to share."""
        settings = {**SAMPLING_DEFAULTS, **self.defaults, **job.sampling}
        with self.lock:
            ids = self.prompt_ids(job)
            budget = self.token_budget(len(ids), job.max_tokens)
            seed = job.seed if job.seed is not None else self.seeds.randrange(2**31)
            with self.using(None if job.model == base_name else job.model):
                choices = [self.sample(ids, budget, settings, job, seed + i) for i in range(job.n)]
        return Result(prompt_tokens=len(ids), choices=choices)

    def token_budget(self, prompt_len, max_tokens):
        room = self.max_model_len - prompt_len
        if room <= 0:
            raise bad_request(
                f"This model's maximum context length is {self.max_model_len} tokens. "
                f"However, your request has {prompt_len} input tokens. Please reduce the length of the input."
            )
        if max_tokens is not None and max_tokens > room:
            raise bad_request(
                f"max_tokens is too large: {max_tokens}. This model's maximum context length is "
                f"{self.max_model_len} tokens and your request has {prompt_len} input tokens "
                f"({max_tokens} > {self.max_model_len} - {prompt_len})."
            )
        return max_tokens or room

    @contextmanager
    def using(self, adapter):
        """using makes adapter (None for the base model) the one that generates."""
        if not self.adapters:
            yield
        elif adapter is None:
            with self.model.disable_adapter():
                yield
        else:
            self.model.set_adapter(adapter)
            yield

    def sample(self, ids, budget, settings, job, seed):
        """sample generates one choice after seeding torch with seed."""
        torch = self.torch
        torch.manual_seed(seed)
        inputs = torch.tensor([ids], device=self.device)
        out = self.model.generate(
            input_ids=inputs,
            attention_mask=torch.ones_like(inputs),
            generation_config=self.generation_config(settings, budget),
            stopping_criteria=[StopOnText(self.tokenizer, len(ids), job.stop)] if job.stop else None,
            return_dict_in_generate=True,
            output_logits=job.logprobs is not None,
        )
        new = out.sequences[0, len(ids):].tolist()
        tokens, text, reason = self.finish(new, job.stop, budget)
        if job.logprobs is not None:
            self.add_logprobs(tokens, out.logits, job.logprobs)
        stop = first_stop(self.tokenizer.decode(new, skip_special_tokens=True), job.stop) if reason == "stop" else None
        return Choice(text=text, tokens=tokens, finish_reason=reason, stop_reason=stop)

    def generation_config(self, settings, budget):
        import transformers

        greedy = settings["temperature"] == 0
        sampling = {} if greedy else {k: settings[k] for k in ("temperature", "top_p", "top_k", "min_p")}
        return transformers.GenerationConfig(
            do_sample=not greedy,
            max_new_tokens=budget,
            repetition_penalty=settings["repetition_penalty"],
            eos_token_id=self.eos,
            pad_token_id=self.pad,
            **sampling,
        )

    def finish(self, new, stop, budget):
        """finish cuts the generated ids at the first stop string and returns
        their Tokens, the text (special tokens removed) and why it ended."""
        decode = self.tokenizer.decode
        keep, cut = stop_cut(new, stop, lambda ids: decode(ids, skip_special_tokens=True))
        if cut is not None:
            text, reason = cut, "stop"
        else:
            text = decode(new, skip_special_tokens=True)
            reason = "stop" if new and new[-1] in self.eos else ("length" if len(new) >= budget else "stop")
        tokens = [Token(id=t, token=decode([t])) for t in new[:keep]]
        return tokens, text, reason

    def add_logprobs(self, tokens, logits, k):
        torch = self.torch
        for token, step in zip(tokens, logits):
            logprobs = torch.log_softmax(step[0].float(), dim=-1)
            token.logprob = clamp(logprobs[token.id].item())
            if k:
                values, indices = torch.topk(logprobs, k)
                token.top = [(self.tokenizer.decode([i]), clamp(v)) for v, i in zip(values.tolist(), indices.tolist())]


def stop_cut(ids, stops, decode):
    """stop_cut finds the first stop string in the text of ids. It returns
    (n, text): the fewest ids whose text holds a stop string, and the text
    before that string; or (len(ids), None) when no stop string occurs."""
    if not stops:
        return len(ids), None
    full = decode(ids)
    found = [full.find(s) for s in stops if s in full]
    if not found:
        return len(ids), None
    low, high = 1, len(ids)  # The text of the first n ids holds a stop string for every n >= the answer.
    while low < high:
        mid = (low + high) // 2
        if any(s in decode(ids[:mid]) for s in stops):
            high = mid
        else:
            low = mid + 1
    return low, full[: min(found)]


def first_stop(text, stops):
    """first_stop is the stop string that occurs first in text (the earlier
    listed one on a tie), or None."""
    found = [(text.find(s), i, s) for i, s in enumerate(stops) if s in text]
    return min(found)[2] if found else None


def clamp(logprob):
    return max(logprob, LOGPROB_FLOOR)


def context_length(config):
    """context_length is the longest sequence the model's config allows."""
    length = getattr(config.get_text_config(), "max_position_embeddings", None)
    if length is None:
        raise UsageError("cannot tell this model's context length; pass --max-model-len")
    return length


def wrap_adapters(model, adapters):
    """wrap_adapters loads each (name, path) adapter into a PeftModel."""
    if not adapters:
        return model
    import peft

    (first, path), rest = adapters[0], adapters[1:]
    model = peft.PeftModel.from_pretrained(model, path, adapter_name=first)
    for name, path in rest:
        model.load_adapter(path, adapter_name=name)
    return model


def model_defaults(generation_config):
    """model_defaults are the sampling parameters the model's
    generation_config.json sets, which apply when a request leaves them out
    (vLLM's default --generation-config auto)."""
    keys = ("temperature", "top_p", "top_k", "min_p", "repetition_penalty")
    return {k: getattr(generation_config, k) for k in keys if getattr(generation_config, k, None) is not None}


def eos_ids(generation_config, tokenizer):
    """eos_ids are the tokens that end a choice: the model's and the tokenizer's."""
    ids = generation_config.eos_token_id
    ids = list(ids) if isinstance(ids, (list, tuple)) else ([ids] if ids is not None else [])
    if tokenizer.eos_token_id is not None and tokenizer.eos_token_id not in ids:
        ids.append(tokenizer.eos_token_id)
    return ids


def _stopping_base():
    from transformers import StoppingCriteria

    return StoppingCriteria


class StopOnText(_stopping_base()):
    """StopOnText ends generation once the generated text holds a stop string."""

    def __init__(self, tokenizer, prompt_len, stops):
        self.tokenizer, self.prompt_len, self.stops = tokenizer, prompt_len, stops

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        done = []
        for row in input_ids:
            text = self.tokenizer.decode(row[self.prompt_len:], skip_special_tokens=True)
            done.append(any(s in text for s in self.stops))
        return torch.tensor(done, device=input_ids.device)
