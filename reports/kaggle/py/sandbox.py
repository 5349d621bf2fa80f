# Tool sandbox: aimo's own sandbox worker (backends/sandbox/py/aimo_sandbox,
# shipped in SANDBOX_SOURCES) driven as aimo's Go side drives it in sweeps:
# one persistent worker per attempt, started as its Python in fresh network,
# pid and mount namespaces where the OS allows them (as another user when
# the notebook runs as root), with an environment that carries nothing of
# the notebook's; the same CPU, memory, process, file and output limits;
# the cell's wall time enforced here by killing the worker's whole process
# group; and the same texts for a timeout, a crash and a broken protocol.
# A failure of the model's code is a CellResult; SandboxError means the
# sandbox itself failed.
import hashlib
import importlib.util
import json
import os
import queue
import select
import shutil
import signal
import sys
import tempfile
import threading
import time

RESET_NOTE = "The Python state was reset: variables, functions and imports from earlier cells are gone."
FLUSH_GRACE_S = 0.25
DIR_PREFIX = "aimo-sandbox-"
UID_BASE, UID_SPAN = 1 << 30, 1 << 16
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x10000000, 0x20000000, 0x40000000
NAMESPACES = CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS

# SIGNAL_NAMES are Go's names of Linux signals: the model is told how its
# process died in the words the sweep used.
SIGNAL_NAMES = ["hangup", "interrupt", "quit", "illegal instruction", "trace/breakpoint trap", "aborted",
                "bus error", "floating point exception", "killed", "user defined signal 1", "segmentation fault",
                "user defined signal 2", "broken pipe", "alarm clock", "terminated", "stack fault", "child exited",
                "continued", "stopped (signal)", "stopped", "stopped (tty input)", "stopped (tty output)",
                "urgent I/O condition", "CPU time limit exceeded", "file size limit exceeded",
                "virtual timer expired", "profiling timer expired", "window changed", "I/O possible",
                "power failure", "bad system call"]

# BOOT starts a worker: it asks for SIGKILL when the notebook's thread that
# started it ends and, given namespace flags, unshares them and forks, so
# that the worker runs as pid 1 of its own pid namespace while this process
# waits and exits with its status (128 + signal when killed). A failure to
# unshare is reported on the protocol pipe, and the next start goes
# without namespaces.
BOOT = r"""
import ctypes, json, os, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(1, signal.SIGKILL, 0, 0, 0)
flags, uid, gid, cmd = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
if flags:
    try:
        if libc.unshare(flags) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        if flags & 0x10000000:
            for name, text in (("setgroups", "deny"), ("uid_map", "0 %d 1" % uid), ("gid_map", "0 %d 1" % gid)):
                with open("/proc/self/" + name, "w") as f:
                    f.write(text)
    except OSError as e:
        os.write(1, (json.dumps({"unshare_failed": str(e)}) + "\n").encode())
        os._exit(4)
    child = os.fork()
    if child:
        for sig in (signal.SIGINT, signal.SIGUSR1):
            signal.signal(sig, signal.SIG_IGN)
        os.closerange(0, 1 << 16)
        code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
        os._exit(128 - code if code < 0 else code)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)
os.execv(cmd[0], cmd)
"""


class SandboxError(Exception):
    """The sandbox failed (no worker could start, or it was closed), not
    the model's code."""


class _CloneFailed(Exception):
    pass


def install_sandbox(sources, root=None):
    """Writes the worker's package (path -> text) into a folder named by
    its content, readable by the sandbox's user, and returns the folder."""
    digest = hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()[:12]
    root = root or tempfile.gettempdir()
    top = os.path.join(root, "aimo-sandbox-src-" + digest)
    if os.path.isfile(os.path.join(top, "aimo_sandbox", "worker.py")):
        return top
    tmp = tempfile.mkdtemp(dir=root, prefix=".aimo-sandbox-src-")
    for rel, text in sorted(sources.items()):
        path = os.path.join(tmp, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    for d, _, files in os.walk(tmp):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
    try:
        os.rename(tmp, top)
    except OSError:  # another process got there first
        shutil.rmtree(tmp, ignore_errors=True)
    return top


class CellResult:
    """What one cell did; text() is exactly what the model is shown."""

    def __init__(self, output="", error="", truncated=False, timed_out=False, reset=False, duration_s=0.0):
        self.output, self.error, self.truncated = output, error, truncated
        self.timed_out, self.reset, self.duration_s = timed_out, reset, duration_s

    def text(self):
        if not self.error:
            return self.output
        if not self.output or self.output.endswith("\n"):
            return self.output + self.error
        return self.output + "\n" + self.error


def signal_reason(sig):
    """How a process a signal ended died, for the model."""
    name = SIGNAL_NAMES[sig - 1] if 1 <= sig <= len(SIGNAL_NAMES) else "signal %d" % sig
    why = "was killed by signal %d (%s)" % (sig, name)
    if sig == signal.SIGKILL:
        why += "; running out of memory is a common cause"
    elif sig == signal.SIGXCPU:
        why += ": it used up its CPU time"
    return why


def _load_module(src, name):
    spec = importlib.util.spec_from_file_location("aimo_sandbox_" + name, os.path.join(src, "aimo_sandbox", name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _readlink(path):
    try:
        return os.readlink(path)
    except OSError:
        return ""


def _remove_all(path):
    """Removes a sandbox folder even where the model's code took away its
    own permissions on parts of it."""
    def reopen(func, p, _):
        try:
            os.chmod(os.path.dirname(p), 0o700)
            os.chmod(p, 0o700)
            func(p)
        except OSError:
            pass
    shutil.rmtree(path, **({"onexc": reopen} if sys.version_info >= (3, 12) else {"onerror": reopen}))


def _pid_gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        pass
    return False


def sweep_stale(root):
    """Removes the sandbox folders of processes that are gone."""
    try:
        entries = os.listdir(root)
    except OSError:
        return
    for name in entries:
        pid, _, rest = name[len(DIR_PREFIX):].partition("-")
        if name.startswith(DIR_PREFIX) and rest and pid.isdigit() and int(pid) > 0 and _pid_gone(int(pid)):
            _remove_all(os.path.join(root, name))


def kill_uid(uid):
    """Kills every process whose real user is uid, until none is left: a
    process that left the worker's group still runs as the sandbox's uid."""
    want = "\t%d\t" % uid
    for _ in range(100):
        pids = []
        for name in os.listdir("/proc"):
            try:
                with open("/proc/%s/status" % name) as f:
                    line = next((l for l in f if l.startswith("Uid:")), "")
            except (OSError, ValueError):
                continue
            if name.isdigit() and line[4:].startswith(want):
                pids.append(int(name))
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


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
