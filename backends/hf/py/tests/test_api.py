"""The request rules and stop-string cut, without a model."""

import pytest

from aimo_hf import api
from aimo_hf.engine import first_stop, stop_cut

MODELS = ["tiny", "math"]


def parse(body, chat=False):
    return api.parse_request(body, chat, MODELS)


def test_completion_defaults_follow_vllm():
    job = parse({"model": "tiny", "prompt": "x"})
    assert (job.n, job.max_tokens, job.seed, job.logprobs, job.stop, job.sampling) == (1, 16, None, None, [], {})


def test_chat_token_limit_prefers_max_completion_tokens():
    chat = [{"role": "user", "content": "hi"}]
    assert parse({"model": "math", "messages": chat}, chat=True).max_tokens is None
    assert parse({"model": "math", "messages": chat, "max_tokens": 5}, chat=True).max_tokens == 5
    assert parse({"model": "math", "messages": chat, "max_tokens": 5, "max_completion_tokens": 7}, chat=True).max_tokens == 7


def test_sampling_fields_are_kept_and_top_k_minus_one_means_all():
    job = parse({"model": "tiny", "prompt": "x", "temperature": 0, "top_p": 0.9, "top_k": -1, "min_p": 0.05, "stop": "\n"})
    assert job.sampling == {"temperature": 0.0, "top_p": 0.9, "top_k": 0, "min_p": 0.05}
    assert job.stop == ["\n"]


def test_text_parts_are_joined():
    chat = [{"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}]
    assert parse({"model": "tiny", "messages": chat}, chat=True).messages == [{"role": "user", "content": "ab"}]


@pytest.mark.parametrize(
    "body, status, message",
    [
        ({"prompt": "x"}, 404, "The model `None` does not exist."),
        ({"model": "tiny", "prompt": "x", "stream": True}, 400, "stream is not supported by this server"),
        ({"model": "tiny", "prompt": "x", "presence_penalty": 0.5}, 400, "presence_penalty is not supported by this server"),
        ({"model": "tiny", "prompt": "x", "seed": 2**63}, 400, f"seed must be between {-(2**63)} and {2**63 - 1}, got {2**63}"),
        ({"model": "tiny", "prompt": "x", "top_p": 0}, 400, "top_p must be in (0, 1], got 0"),
        ({"model": "tiny", "prompt": "x", "seed": 1.5}, 400, "seed must be an integer, got 1.5"),
        ({"model": "tiny", "prompt": "x", "stop": [1]}, 400, "stop must be a string or a list of strings"),
        ({"model": "tiny", "prompt": "x", "logprobs": 21}, 400, "logprobs must be between 0 and 20, got 21"),
    ],
)
def test_rejected_requests(body, status, message):
    with pytest.raises(api.ApiError) as e:
        parse(body)
    assert (e.value.status, e.value.message) == (status, message)


def decode_chars(ids):
    """decode_chars stands in for a tokenizer whose tokens are letters a, b, c..."""
    return "".join(chr(ord("a") + i) for i in ids)


@pytest.mark.parametrize(
    "ids, stops, want",
    [
        ([0, 1, 2, 3, 4], ["cd"], (4, "ab")),  # "abcde": "cd" completes at the 4th token.
        ([0, 1, 2, 3, 4], ["zz"], (5, None)),
        ([0, 1, 2, 3, 4], ["e", "b"], (2, "a")),  # The earliest stop wins, whatever its place in the list.
        ([0, 1, 2], [], (3, None)),
    ],
)
def test_stop_cut(ids, stops, want):
    assert stop_cut(ids, stops, decode_chars) == want


def test_continuing_the_last_assistant_message():
    chat = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "```python\nprint(1)\n```\n"}]
    body = {"model": "tiny", "messages": chat, "continue_final_message": True, "add_generation_prompt": False}
    job = parse(body, chat=True)
    assert (job.add_generation_prompt, job.continue_final) == (False, True)
    assert parse({"model": "tiny", "messages": chat}, chat=True).add_generation_prompt is True


@pytest.mark.parametrize(
    "extra, last, message",
    [
        ({"continue_final_message": True}, "assistant", "Cannot set both `continue_final_message` and `add_generation_prompt` to True."),
        ({"continue_final_message": True, "add_generation_prompt": False}, "user", "continue_final_message needs the last message to be an assistant message"),
        ({"continue_final_message": "yes"}, "assistant", "continue_final_message must be a boolean, got 'yes'"),
    ],
)
def test_rejected_continuations(extra, last, message):
    body = {"model": "tiny", "messages": [{"role": last, "content": "x"}], **extra}
    with pytest.raises(api.ApiError) as e:
        parse(body, chat=True)
    assert e.value.message == message


@pytest.mark.parametrize(
    "text, stops, want",
    [
        ("x = 1\n```\n```output", ["```output", "```\n"], "```\n"),
        ("abc", ["z"], None),
        ("a stop", ["stop", "st"], "stop"),
    ],
)
def test_first_stop(text, stops, want):
    assert first_stop(text, stops) == want
