# Sandbox workers: one Python process each, spoken to over the worker's
# line-delimited JSON protocol, as aimo's Go side speaks to it (worker.go,
# run.go): a reader thread delivers its lines, a waiter thread its exit;
# a cell past its wall time is asked to flush what it printed, then its
# process group is killed.
import json
import os
import queue
import select
import signal
import threading
import time


class SandboxWorker:
    """One worker process, its pipes, folder and capture file; its state is
    one attempt's namespace and is never handed to another attempt."""

    def __init__(self, proc, uid, pidns, folder, stdin, stdout, capture, clip, max_line):
        self.proc, self.pid, self.uid, self.pidns, self.dir = proc, proc.pid, uid, pidns, folder
        self.stdin, self.capture, self.clip = stdin, capture, clip
        self.events = queue.Queue()
        self.exited = threading.Event()
        self.next_id = 0
        self.hello = {}
        self.release = None
        self._lock = threading.Lock()
        self._terminated = self._cleaned = False
        os.set_blocking(stdin, False)
        threading.Thread(target=self._read, args=(os.fdopen(stdout, "rb"), max_line), daemon=True).start()
        threading.Thread(target=self._wait, daemon=True).start()

    def _read(self, f, max_line):
        with f:
            while True:
                line = f.readline(max_line + 1)
                if not line:
                    self.events.put(("eof", None))
                    return
                if len(line) > max_line:
                    self.events.put(("too long", None))
                    return
                self.events.put(("line", line))

    def _wait(self):
        self.proc.wait()
        self.exited.set()
        self.events.put(("exited", None))

    def _next(self, deadline):
        try:
            return self.events.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            return None

    def alive(self):
        return not self.exited.is_set()

    def greet(self, cfg, timeout):
        """Sends the configuration and waits for the hello."""
        closed = not self._write(json.dumps({"config": cfg}).encode() + b"\n", time.monotonic() + timeout)
        ev = self._next(time.monotonic() + timeout)
        if ev is not None and ev[0] == "line":
            try:
                msg = json.loads(ev[1])
            except ValueError:
                msg = None
            if isinstance(msg, dict) and "unshare_failed" in msg:
                self.kill()
                raise _CloneFailed(msg["unshare_failed"])
            if isinstance(msg, dict) and isinstance(msg.get("hello"), dict):
                self.hello = msg["hello"]
                return
            self._fail("its first message was not a hello: %r" % ev[1][:200])
        if ev is None:
            self._fail("it did not say hello within %gs" % timeout)
        self._fail("it closed its input" if closed else "it exited before saying hello")

    def _fail(self, why):
        self.terminate()
        msg, _ = self.partial(2000)
        self.kill()
        raise SandboxError(("the Python worker did not start: %s\n%s" % (why, msg.strip())).strip())

    def _write(self, data, deadline):
        """Writes data to the worker's input by deadline: True when it did,
        None when time ran out, False when the worker closed its input."""
        while data:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                if not select.select([], [self.stdin], [], left)[1]:
                    continue
                data = data[os.write(self.stdin, data):]
            except BlockingIOError:
                continue
            except OSError:
                return False
        return True

    def run(self, cell, code, timeout, timeout_text, max_output):
        """Runs one cell, at most timeout seconds."""
        self.next_id += 1
        start = time.monotonic()
        deadline = start + timeout
        sent = self._write(json.dumps({"id": self.next_id, "code": code, "cell": cell}).encode() + b"\n", deadline)
        if sent is None:
            return self._timed_out(start, timeout_text, max_output)
        if sent is False:
            return self._died(start, max_output)
        ev = self._next(deadline)
        if ev is None:
            return self._timed_out(start, timeout_text, max_output)
        kind, line = ev
        if kind == "line":
            return self._answer(line, start, max_output)
        if kind == "too long":
            return self._broken(start, max_output)
        if kind == "exited":
            return self._last_words(start, max_output)
        return self._died(start, max_output)

    def _answer(self, line, start, max_output):
        try:
            r = json.loads(line)
        except ValueError:
            r = None
        if not isinstance(r, dict) or type(r.get("id")) is not int or r["id"] != self.next_id:
            return self._broken(start, max_output)
        out, err = r.get("output") or "", r.get("error") or ""
        if not isinstance(out, str) or not isinstance(err, str):
            return self._broken(start, max_output)
        return CellResult(out, err, bool(r.get("truncated")), duration_s=time.monotonic() - start)

    def _last_words(self, start, max_output):
        """The worker exited during the cell: a reply it sent just before
        is still honoured."""
        ev = self._next(time.monotonic() + 0.05)
        if ev is not None and ev[0] == "line":
            return self._answer(ev[1], start, max_output)
        return self._died(start, max_output)

    def _timed_out(self, start, timeout_text, max_output):
        """Asks the cell to flush what it printed (SIGUSR1), gives it a
        moment, and kills the process group. A reply in that moment wins."""
        try:
            os.killpg(self.pid, signal.SIGUSR1)
        except OSError:
            pass
        ev = self._next(time.monotonic() + FLUSH_GRACE_S)
        if ev is not None and ev[0] == "line":
            try:
                r = json.loads(ev[1])
            except ValueError:
                r = None
            if isinstance(r, dict) and not r.get("flushed"):
                return self._answer(ev[1], start, max_output)
        self.terminate()
        out, truncated = self.partial(max_output)
        return CellResult(out, "TimeoutError: the cell ran longer than %s and was stopped. %s" % (timeout_text, RESET_NOTE),
                          truncated, True, True, time.monotonic() - start)

    def _died(self, start, max_output):
        self.exited.wait(1)
        self.terminate()
        out, truncated = self.partial(max_output)
        return CellResult(out, "the Python process %s. %s" % (self.exit_reason(), RESET_NOTE), truncated,
                          reset=True, duration_s=time.monotonic() - start)

    def _broken(self, start, max_output):
        self.terminate()
        out, truncated = self.partial(max_output)
        return CellResult(out, "the Python process broke the sandbox's protocol (the code wrote to its control "
                          "channel). " + RESET_NOTE, truncated, reset=True, duration_s=time.monotonic() - start)

    def exit_reason(self):
        rc = self.proc.returncode
        if rc is None:
            return "ended"
        if rc < 0:
            return signal_reason(-rc)
        if self.pidns and rc > 128:
            return signal_reason(rc - 128)
        return "exited with status %d" % rc

    def partial(self, limit):
        """What the cell had printed when it was stopped, clipped."""
        try:
            size = os.fstat(self.capture).st_size
            head = os.pread(self.capture, min(size, limit), 0)
            tail = head if size <= limit else os.pread(self.capture, limit, size - limit)
        except OSError:
            return "", False
        return self.clip(head, tail, size, limit)

    def terminate(self):
        """Kills the process group, waits until the worker is reaped, and
        sweeps up processes of the sandbox's user that left the group (in a
        pid namespace the kernel has ended them)."""
        with self._lock:
            if self._terminated:
                return
            self._terminated = True
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass
        self.exited.wait(30)
        end_group(self.pid)
        if self.uid is not None and not self.pidns:
            kill_uid(self.uid)

    def kill(self):
        """Ends the worker for good and removes its folder."""
        self.terminate()
        with self._lock:
            if self._cleaned:
                return
            self._cleaned = True
        for fd in (self.stdin, self.capture):
            try:
                os.close(fd)
            except OSError:
                pass
        _remove_all(self.dir)
        if self.release:
            self.release(self)
