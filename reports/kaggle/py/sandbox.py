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
import shutil
import signal
import sys
import tempfile
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


def group_members(pgid):
    """Pids of the processes of group pgid that have not yet exited (zombies
    left out: they hold nothing and run nothing)."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                fields = f.read().rpartition(")")[2].split()
        except OSError:
            continue
        if len(fields) > 2 and fields[0] not in ("Z", "X") and fields[2] == str(pgid):
            pids.append(int(name))
    return pids


def end_group(pgid, timeout=5.0):
    """Kills process group pgid until none of it is left: a worker in a pid
    namespace dies in two steps (the process that waits for it, then the
    worker), so reaping the first does not mean the second has gone."""
    deadline = time.monotonic() + timeout
    while group_members(pgid) and time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
        time.sleep(0.005)


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

