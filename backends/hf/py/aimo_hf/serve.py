"""A small OpenAI-compatible server on transformers, speaking vLLM's dialect.

    python -m aimo_hf.serve --model PATH --served-model-name NAME --host 127.0.0.1 --port P
        [--lora NAME=PATH]... [--dtype auto|float32|bfloat16|float16]
        [--device auto|cpu|cuda] [--seed 0] [--max-model-len N]

It stands in for `vllm serve` where vLLM is not available (a CPU, a laptop,
CI): aimo's client sees the same endpoints, fields and errors. It is slow by
design: one request at a time, one choice at a time, so that every choice is
reproducible from its seed.

Contract:
- The port is bound only after the model and adapters are loaded, so
  GET /health answering 200 means ready. --port 0 picks a free port.
- stdout carries JSON lines: {"event":"ready","url","port","models"} once
  listening, and {"event":"stopped"} at shutdown. Each request is logged as one
  line on stderr.
- GET /v1/models lists the base model and each adapter (with "parent").
  POST /v1/chat/completions and /v1/completions take vLLM's fields (see api.py).
  Unknown model: 404; malformed request: 400; generation failure: 500; all in
  OpenAI's {"error":{"message","type","code"}} shape.
- SIGTERM or SIGINT stops it cleanly with exit code 0. A startup error prints
  one line on stderr beginning "aimo-serve: " and exits 2 (bad flags, missing
  files or packages) or 1 (the model failed to load or the port is taken).
"""

import argparse
import json
import signal
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import api
from .common import UsageError, check_model_path, claim_stdout, fail, import_package, resolve_device

DTYPES = ("auto", "float32", "bfloat16", "float16")


def main(argv=None):
    events = claim_stdout()
    args = parse_args(argv)
    try:
        adapters = parse_loras(args.lora, args.served_model_name)
        engine = load(args, adapters)
    except UsageError as e:
        return fail(events, "aimo-serve", str(e), 2)
    except Exception as e:  # A model that will not load is a failed run, not bad usage.
        traceback.print_exc()
        return fail(events, "aimo-serve", f"cannot load {args.model}: {type(e).__name__}: {e}", 1)
    try:
        server = make_server(args, engine, [name for name, _ in adapters])
    except OSError as e:
        return fail(events, "aimo-serve", f"cannot listen on {args.host}:{args.port}: {e.strerror.lower()}", 1)
    return serve(server, events)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m aimo_hf.serve", description="OpenAI-compatible server on transformers.")
    p.add_argument("--model", required=True, help="model directory or hub id")
    p.add_argument("--served-model-name", required=True, help="the name requests use for the base model")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one")
    p.add_argument("--lora", action="append", default=[], metavar="NAME=PATH", help="a LoRA adapter to serve as NAME")
    p.add_argument("--dtype", choices=DTYPES, default="auto")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--seed", type=int, default=0, help="seeds the stream of seeds for requests that send none")
    p.add_argument("--max-model-len", type=int, default=None, help="context length (default: the model's)")
    return p.parse_args(argv)


def parse_loras(specs, base_name):
    """parse_loras turns NAME=PATH flags into (name, path) pairs, checked."""
    out, seen = [], {base_name}
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            raise UsageError(f"--lora {spec}: want NAME=PATH")
        if name in seen:
            raise UsageError(f"--lora {spec}: the name {name} is already served")
        seen.add(name)
        out.append((name, check_model_path(path, f"--lora {name}")))
    return out


def load(args, adapters):
    """load checks packages and the device, then loads the engine."""
    check_model_path(args.model, "--model")
    for name in ("torch", "transformers") + (("peft",) if adapters else ()):
        import_package(name)
    device = resolve_device(args.device)
    from .engine import Engine

    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return Engine(args.model, adapters, torch_dtype(args.dtype, device), device, args.max_model_len, args.seed)


def torch_dtype(name, device):
    """torch_dtype maps --dtype to torch: auto is the checkpoint's own dtype
    on a GPU and float32 on a CPU, where half precision is slow."""
    import torch

    if name == "auto":
        return "auto" if device == "cuda" else torch.float32
    return getattr(torch, name)


def make_server(args, engine, adapter_names):
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.engine = engine
    server.base_name = args.served_model_name
    server.model_path = args.model
    server.adapter_names = adapter_names
    return server


def serve(server, events):
    """serve answers requests until SIGTERM or SIGINT, then stops cleanly."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    events.emit("ready", url=f"http://{host}:{port}", port=port, models=[server.base_name] + server.adapter_names)
    stop.wait()
    server.shutdown()
    server.server_close()
    events.emit("stopped")
    return 0


def model_card(name, root, parent, max_model_len):
    """model_card is one entry of /v1/models; adapters name their base as parent."""
    return {
        "id": name,
        "object": "model",
        "created": int(time.time()),
        "owned_by": "aimo",
        "root": root,
        "parent": parent,
        "max_model_len": max_model_len,
    }


class Handler(BaseHTTPRequestHandler):
    """Handler routes the four endpoints; every reply is JSON with a length,
    so HTTP/1.1 keep-alive connections stay usable."""

    protocol_version = "HTTP/1.1"
    server_version = "aimo-serve"

    def do_GET(self):
        self.started, self.note = time.monotonic(), ""
        if self.path == "/health":
            self.reply(200, None)
        elif self.path == "/v1/models":
            self.reply(200, self.models())
        else:
            self.reply(404, api.not_found(f"no route {self.path}").body())

    def do_POST(self):
        self.started, self.note = time.monotonic(), ""
        body = self.read_body()
        routes = {"/v1/chat/completions": True, "/v1/completions": False}
        if self.path not in routes:
            self.reply(404, api.not_found(f"no route {self.path}").body())
            return
        try:
            self.reply(200, self.complete(body, chat=routes[self.path]))
        except api.ApiError as e:
            self.note = e.message
            self.reply(e.status, e.body())
        except Exception as e:  # The request was fine; the model failed it.
            traceback.print_exc()
            self.note = f"{type(e).__name__}: {e}"
            self.reply(500, api.ApiError(500, "InternalServerError", self.note).body())

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def complete(self, raw, chat):
        try:
            body = json.loads(raw)
        except ValueError as e:
            raise api.bad_request(f"the request body is not valid JSON: {e}") from None
        engine = self.server.engine
        job = api.parse_request(body, chat, [self.server.base_name] + self.server.adapter_names)
        result = engine.run(job, self.server.base_name)
        usage = sum(len(c.tokens) for c in result.choices)
        self.note = f"model={job.model} n={job.n} prompt_tokens={result.prompt_tokens} completion_tokens={usage}"
        return api.chat_response(job, result) if chat else api.completion_response(job, result)

    def models(self):
        s = self.server
        data = [model_card(s.base_name, s.model_path, None, s.engine.max_model_len)]
        data += [model_card(n, s.engine.adapters[n], s.base_name, s.engine.max_model_len) for n in s.adapter_names]
        return {"object": "list", "data": data}

    def reply(self, status, payload):
        data = b"" if payload is None else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        elapsed = time.monotonic() - self.started
        print(f"aimo-serve: {self.command} {self.path} {status} {elapsed:.3f}s {self.note}".rstrip(), file=sys.stderr, flush=True)

    def log_message(self, format, *args):
        """log_message is silenced: reply() logs each request once, with more."""


if __name__ == "__main__":
    sys.exit(main())
