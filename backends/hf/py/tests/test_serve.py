"""aimo_hf.serve as aimo's client sees it: a child process answering vLLM's
OpenAI API for the tiny model and one trained adapter."""

import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
import transformers

from conftest import child_env, run_program

CHAT = [{"role": "user", "content": "What is $1+2$?"}]


class Server:
    """Server is a running aimo_hf.serve child and a tiny client for it."""

    def __init__(self, args):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aimo_hf.serve", *args],
            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        line = self.proc.stdout.readline()  # The ready event, once the model is loaded.
        if not line:
            raise AssertionError(f"server did not start: {self.proc.stderr.read()}")
        self.ready = json.loads(line)
        self.url = self.ready["url"]

    def get(self, path):
        return self.call(urllib.request.Request(self.url + path))

    def post(self, path, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.call(urllib.request.Request(self.url + path, data=data, headers={"Content-Type": "application/json"}))

    def call(self, request):
        try:
            with urllib.request.urlopen(request, timeout=120) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def chat(self, **fields):
        status, body = self.post("/v1/chat/completions", {"model": "tiny", "messages": CHAT, **fields})
        assert status == 200, body
        return body

    def complete(self, **fields):
        status, body = self.post("/v1/completions", {"model": "tiny", "prompt": "The answer is", **fields})
        assert status == 200, body
        return body

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, out, err


@pytest.fixture(scope="module")
def server(tiny_model, trained):
    assert trained["code"] == 0, trained["stderr"]
    s = Server([
        "--model", str(tiny_model), "--served-model-name", "tiny", "--port", "0",
        "--lora", f"math={trained['dir'] / 'adapter'}", "--device", "cpu",
    ])
    yield s
    if s.proc.poll() is None:
        s.proc.kill()
        s.proc.wait()


def texts(response):
    return [c.get("text", c.get("message", {}).get("content")) for c in response["choices"]]


def test_health_and_models(server, trained):
    assert server.ready["models"] == ["tiny", "math"]
    assert server.get("/health") == (200, None)
    status, body = server.get("/v1/models")
    assert status == 200
    cards = {m["id"]: m for m in body["data"]}
    assert list(cards) == ["tiny", "math"]
    assert cards["tiny"]["parent"] is None
    assert cards["math"]["parent"] == "tiny"
    assert cards["math"]["root"] == str(trained["dir"] / "adapter")


@pytest.mark.parametrize("endpoint", ["chat", "complete"])
def test_seeded_choices_are_reproducible(server, endpoint):
    call = getattr(server, endpoint)
    first = call(n=3, seed=11, temperature=1.0, max_tokens=12)
    assert texts(call(n=3, seed=11, temperature=1.0, max_tokens=12)) == texts(first)
    assert len(set(texts(first))) == 3, "each choice has its own seed"
    # Choice i has seed 11+i, whatever n is: vLLM's rule, which aimo's cache relies on.
    assert texts(call(n=1, seed=12, temperature=1.0, max_tokens=12)) == texts(first)[1:2]
    assert texts(call(n=3, seed=99, temperature=1.0, max_tokens=12)) != texts(first)


def test_response_shape_and_usage(server, tiny_model):
    body = server.chat(n=2, seed=1, max_tokens=8, logprobs=True, top_logprobs=3)
    assert body["object"] == "chat.completion" and body["id"].startswith("chatcmpl-")
    assert body["model"] == "tiny" and isinstance(body["created"], int)
    assert [c["index"] for c in body["choices"]] == [0, 1]
    for c in body["choices"]:
        assert c["message"]["role"] == "assistant" and c["finish_reason"] in ("stop", "length")
    tokens = [len(c["logprobs"]["content"]) for c in body["choices"]]
    usage = body["usage"]
    assert usage["completion_tokens"] == sum(tokens) and all(1 <= n <= 8 for n in tokens)
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    prompt = tok.apply_chat_template(CHAT, add_generation_prompt=True, tokenize=False)
    assert usage["prompt_tokens"] == len(tok(prompt, add_special_tokens=False).input_ids)
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_chat_logprobs_shape(server):
    body = server.chat(seed=3, max_tokens=6, logprobs=True, top_logprobs=4)
    for entry in body["choices"][0]["logprobs"]["content"]:
        assert entry["bytes"] == list(entry["token"].encode("utf-8"))
        assert entry["logprob"] <= 0
        top = entry["top_logprobs"]
        assert len(top) == 4
        assert [t["logprob"] for t in top] == sorted((t["logprob"] for t in top), reverse=True)
        assert entry["logprob"] <= top[0]["logprob"]
    assert server.chat(seed=3, max_tokens=6)["choices"][0]["logprobs"] is None


def test_greedy_completion_logprobs_pick_the_top_token(server):
    body = server.complete(temperature=0, max_tokens=8, logprobs=3)
    choice = body["choices"][0]
    assert choice["finish_reason"] == "length"
    lp = choice["logprobs"]
    assert len(lp["tokens"]) == len(lp["token_logprobs"]) == len(lp["top_logprobs"]) == 8
    assert body["usage"]["completion_tokens"] == 8
    for token, logprob, top in zip(lp["tokens"], lp["token_logprobs"], lp["top_logprobs"]):
        assert len(top) == 3 and top[token] == logprob
        assert logprob == max(top.values())  # Greedy takes the most likely token.
    offsets = lp["text_offset"]
    assert offsets[0] == 0 and offsets == sorted(offsets)
    assert texts(server.complete(temperature=0, max_tokens=8, seed=5)) == texts(body)


def test_stop_string_cuts_the_text(server):
    full = texts(server.complete(temperature=0, max_tokens=24))[0]
    stop = full[len(full) // 2 : len(full) // 2 + 2]
    body = server.complete(temperature=0, max_tokens=24, stop=["never-generated", stop], logprobs=0)
    choice = body["choices"][0]
    assert choice["text"] == full[: full.find(stop)]
    assert choice["finish_reason"] == "stop" and choice["stop_reason"] == stop
    assert body["usage"]["completion_tokens"] == len(choice["logprobs"]["tokens"]) < 24
    assert texts(server.complete(temperature=0, max_tokens=24, stop=stop)) == [full[: full.find(stop)]]


def test_continue_final_message_goes_on_from_the_assistant_text(server, tiny_model):
    chat = CHAT + [{"role": "assistant", "content": "```python\nprint(1)\n```\n```output\n1\n```\n"}]
    body = server.chat(messages=chat, continue_final_message=True, add_generation_prompt=False, seed=2, max_tokens=4)
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    prompt = tok.apply_chat_template(chat, continue_final_message=True, add_generation_prompt=False, tokenize=False)
    assert prompt.endswith("```output\n1\n```\n")
    assert body["usage"]["prompt_tokens"] == len(tok(prompt, add_special_tokens=False).input_ids)
    assert body["choices"][0]["stop_reason"] is None


def test_adapter_and_base_differ_and_do_not_leak(server):
    request = {"messages": CHAT, "seed": 4, "max_tokens": 6, "logprobs": True, "top_logprobs": 2}
    base = server.chat(**request)
    tuned = server.chat(**{**request, "model": "math"})
    assert tuned["model"] == "math"
    assert first_top(base) != first_top(tuned)
    # The base answers as before once the adapter has been used.
    again = server.chat(**request)
    assert texts(again) == texts(base) and first_top(again) == first_top(base)


def first_top(body):
    return body["choices"][0]["logprobs"]["content"][0]["top_logprobs"]


def test_unknown_model_is_404(server):
    status, body = server.post("/v1/chat/completions", {"model": "gpt-9", "messages": CHAT})
    assert status == 404
    assert body == {"error": {"message": "The model `gpt-9` does not exist.", "type": "NotFoundError", "code": 404}}
    assert server.get("/v1/nothing")[0] == 404


@pytest.mark.parametrize(
    "path, body, message",
    [
        ("/v1/completions", b"{not json", "the request body is not valid JSON"),
        ("/v1/completions", {"model": "tiny", "prompt": "x", "n": 0}, "n must be at least 1, got 0"),
        ("/v1/completions", {"model": "tiny", "prompt": "x", "temperature": -1}, "temperature must be a number at least 0.0, got -1"),
        ("/v1/completions", {"model": "tiny", "prompt": ["x"]}, "prompt must be a string"),
        ("/v1/chat/completions", {"model": "tiny", "messages": CHAT, "logprobs": True, "top_logprobs": 21}, "top_logprobs must be between 0 and 20, got 21"),
        ("/v1/chat/completions", {"model": "tiny", "messages": []}, "messages must be a non-empty list"),
        ("/v1/chat/completions", {"model": "tiny", "messages": CHAT, "max_tokens": 5000}, "max_tokens is too large: 5000."),
    ],
)
def test_bad_requests_are_400(server, path, body, message):
    status, reply = server.post(path, body)
    assert status == 400
    assert reply["error"]["type"] == "BadRequestError" and reply["error"]["code"] == 400
    assert reply["error"]["message"].startswith(message)


def test_sigterm_stops_cleanly(server):
    code, out, err = server.stop()
    assert code == 0, err
    assert json.loads(out.splitlines()[-1]) == {"event": "stopped"}
    assert "POST /v1/chat/completions 200" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--model", "./no/such/model"], "--model ./no/such/model does not exist"),
        (["--model", "{tiny}", "--lora", "math"], "--lora math: want NAME=PATH"),
        (["--model", "{tiny}", "--lora", "tiny=/tmp"], "--lora tiny=/tmp: the name tiny is already served"),
        (["--model", "{tiny}", "--lora", "math=/no/adapter"], "--lora math: /no/adapter does not exist"),
    ],
)
def test_bad_startup_exits_2(tiny_model, args, message):
    args = [a.format(tiny=tiny_model) for a in args]
    code, events, stderr = run_program("serve", [*args, "--served-model-name", "tiny", "--port", "0"])
    assert code == 2
    assert stderr.strip().splitlines()[-1] == f"aimo-serve: {message}"
    assert events == [{"event": "error", "message": message}]
