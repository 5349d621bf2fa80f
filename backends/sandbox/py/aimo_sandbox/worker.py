"""The sandbox worker: one persistent Python process per attempt that runs
model-written cells against one namespace, like a notebook kernel.

Protocol (one JSON object per line, UTF-8):

  aimo -> worker, on stdin:  {"config": {...}}        once, first
  worker -> aimo, on stdout: {"hello": {...}}         once: python, modules, protections
  aimo -> worker:            {"id": 1, "code": "...", "cell": 3}   a cell; "cell" optional
  worker -> aimo:            {"id": 1, "output": "...", "error": "...",
                              "truncated": false, "timed_out": false, "duration_s": 0.01}
  worker -> aimo:            {"flushed": true}   after SIGUSR1 during a cell (see _on_flush)

aimo passes the capture file as stderr. Before any model code runs, the worker
moves the two protocol pipes to high close-on-exec descriptors and points fds
1 and 2 at the capture file, so code that writes to fd 1 directly, closes it,
or starts a subprocess cannot reach the protocol by accident. Wall time is
enforced by aimo, which kills the worker's process group; the worker enforces
the per-cell CPU time itself (CPUTimeExceeded, state kept).
"""

import ast
import builtins
import fcntl
import io
import json
import linecache
import os
import signal
import sys
import time
import traceback

if __package__ in (None, ""):  # started by aimo as a script
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    from aimo_sandbox import isolate, output, startup
    del sys.path[0]
else:
    from . import isolate, output, startup

PROTOCOL_FD = 200
MODULES = ("sympy", "numpy", "mpmath")


class CPUTimeExceeded(BaseException):
    """Raised in the model's code when a cell uses up its CPU time. It derives
    from BaseException, like KeyboardInterrupt, so `except Exception` in the
    model's code does not swallow it."""


class Streams:
    """The cell's stdin, stdout and stderr: /dev/null and the capture file,
    restored before every cell whatever the previous one did to them."""

    def __init__(self, capture_fd, null_fd):
        self.capture, self.null = capture_fd, null_fd
        self.stdout = self.stderr = self.stdin = None

    def reset(self):
        os.dup2(self.null, 0)
        os.dup2(self.capture, 1)
        os.dup2(self.capture, 2)
        if self.stdout is None or self.stdout.closed:
            self.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8",
                                           errors="backslashreplace")
        if self.stderr is None or self.stderr.closed:
            self.stderr = _Stderr(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                                  errors="backslashreplace", write_through=True)
            self.stderr.before = self.stdout
        self.stderr.before = self.stdout
        if self.stdin is None or self.stdin.closed:
            self.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        sys.stdin, sys.stdout, sys.stderr = self.stdin, self.stdout, self.stderr

    def flush(self):
        for s in (self.stdout, self.stderr):
            try:
                s.flush()
            except Exception:  # closed, replaced or mid-write (reentrant)
                pass


class _Stderr(io.TextIOWrapper):
    """stderr that flushes stdout first, so a warning lands where it was
    printed rather than before the cell's buffered prints."""

    before = None

    def write(self, s):
        if self.before is not None and not self.before.closed:
            self.before.flush()
        return super().write(s)


class Kernel:
    """A namespace and the cells run in it."""

    def __init__(self, cfg, streams, channel=None):
        self.ns = {"__name__": "__main__", "__builtins__": builtins}
        self.channel = channel
        self.cells = 0
        self.pid = os.getpid()
        self.streams = streams
        self.max_output = int(cfg.get("max_output") or 4096)
        self.tb_lines = int(cfg.get("traceback_lines") or 30)
        self.cpu = cfg.get("cpu_seconds")
        self.in_cell = False
        signal.signal(signal.SIGXCPU, self._on_cpu)
        signal.signal(signal.SIGUSR1, self._on_flush)

    def _on_cpu(self, signum, frame):
        if self.in_cell:
            raise CPUTimeExceeded("the cell used more than %s s of CPU time" % self.cpu)

    def _on_flush(self, signum, frame):
        """aimo sends SIGUSR1 just before it kills a cell that ran out of
        time, so that what the cell printed so far reaches the capture file
        and the model sees it. The reply says the flush is done."""
        if self.in_cell and os.getpid() == self.pid:
            self.streams.flush()
            if self.channel is not None:
                self.channel.send({"flushed": True})

    def run(self, code, cell=None):
        self.cells += 1
        name = "<cell %d>" % (cell or self.cells)
        linecache.cache[name] = (len(code), None, code.splitlines(True), name)
        self.streams.reset()
        if self.cpu and self.cpu > 0:
            isolate.arm_cpu(int(self.cpu))
        start = time.monotonic()
        error = ""
        try:
            self.in_cell = True
            self._exec(code, name)
        except BaseException as e:  # the model's code may raise anything, SystemExit too
            self.in_cell = False
            self._exit_if_forked()
            error = self._format(e)
        finally:
            self.in_cell = False
        self._exit_if_forked()
        duration = time.monotonic() - start
        self.streams.flush()
        text, truncated = output.read(self.streams.capture, self.max_output)
        return {"output": text, "error": error, "truncated": truncated,
                "timed_out": False, "duration_s": round(duration, 6)}

    def _exec(self, code, name):
        tree = ast.parse(code, name, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, name, "exec", dont_inherit=True), self.ns)
        if last is not None:
            value = eval(compile(last, name, "eval", dont_inherit=True), self.ns)
            if value is not None:
                print(repr(value))

    def _exit_if_forked(self):
        """A child the model's code forked must never answer aimo in the
        worker's place: when it falls out of the cell, it ends here."""
        if os.getpid() != self.pid:
            self.streams.flush()
            os._exit(0)

    def _format(self, exc):
        tb = exc.__traceback__
        while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell "):
            tb = tb.tb_next
        lines = "".join(traceback.format_exception(type(exc), exc, tb)).splitlines()
        if len(lines) > self.tb_lines:
            cut = len(lines) - self.tb_lines
            lines = ["[%d earlier traceback lines not shown]" % cut] + lines[cut:]
        text = "\n".join(lines)
        if len(text) > self.max_output:
            text = "[...]" + text[-self.max_output:]
        return text


class Channel:
    """The protocol pipes, moved out of the way of the model's code."""

    def __init__(self):
        self.inp = os.fdopen(fcntl.fcntl(0, fcntl.F_DUPFD_CLOEXEC, PROTOCOL_FD), "rb")
        self.out = os.fdopen(fcntl.fcntl(1, fcntl.F_DUPFD_CLOEXEC, PROTOCOL_FD), "wb")

    def recv(self):
        line = self.inp.readline()
        if not line:
            return None
        try:
            msg = json.loads(line)
        except ValueError as e:
            return {"bad": "request is not JSON: %s" % e}
        return msg if isinstance(msg, dict) else {"bad": "request is not a JSON object"}

    def send(self, msg):
        self.out.write(json.dumps(msg, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n")
        self.out.flush()


def main():
    ch = Channel()
    capture = fcntl.fcntl(2, fcntl.F_DUPFD_CLOEXEC, PROTOCOL_FD)
    # Appending, writes land after a truncation however many processes share
    # the file.
    fcntl.fcntl(capture, fcntl.F_SETFL, fcntl.fcntl(capture, fcntl.F_GETFL) | os.O_APPEND)
    null = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
    streams = Streams(capture, null)
    streams.reset()
    msg = ch.recv()
    if msg is None or "config" not in msg:
        return 2
    cfg = msg["config"]
    if os.getpid() == 1 and cfg.get("pid_namespace"):
        startup.become_init()
    try:
        prot = startup.setup(cfg)
    except startup.Refused as e:
        os.write(2, ("sandbox refused: %s\n" % e).encode())
        return 3
    hello = {"python": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable,
             "protections": prot}
    hello["modules"] = startup.module_versions(list(MODULES) + list(cfg.get("modules") or []))
    kernel = Kernel(cfg, streams, ch)
    if cfg.get("preload"):
        hello["preload_error"] = kernel.run(cfg["preload"])["error"]
        kernel.cells = 0
    streams.flush()
    os.ftruncate(capture, 0)
    ch.send({"hello": hello})
    return serve(ch, kernel)


def serve(ch, kernel):
    while True:
        msg = ch.recv()
        if msg is None:
            return 0
        if "bad" in msg or not isinstance(msg.get("code"), str):
            ch.send({"id": msg.get("id"), "output": "", "truncated": False, "timed_out": False,
                     "duration_s": 0, "error": "aimo sandbox protocol: %s" % msg.get("bad", "no code")})
            continue
        cell = msg.get("cell")
        reply = kernel.run(msg["code"], cell if isinstance(cell, int) and cell > 0 else None)
        reply["id"] = msg.get("id")
        ch.send(reply)


if __name__ == "__main__":
    sys.exit(main())
