# Sandbox sessions: each attempt's Python, started on its first cell, is a
# SandboxSession of the notebook's one SandboxPool. The pool finds out once
# which isolation this machine allows (namespaces; else none, and says so in
# its hello) and gives every worker of a root notebook a user id of its own.
import os
import random
import subprocess
import sys
import tempfile
import threading


class SandboxPool:
    """Starts the workers of every session with the limits of cfg, the
    "sandbox" section of the tools config: timeout_s and timeout_text (the
    wall time per cell, as the sweep wrote it), cpu_seconds, memory_bytes,
    max_procs, max_file_bytes, max_output, traceback_lines."""

    def __init__(self, cfg, src, python=None, temp_dir=None, start_timeout=60.0):
        self.cfg, self.start_timeout = cfg, start_timeout
        self.python = python or sys.executable
        self.script = os.path.join(os.path.abspath(src), "aimo_sandbox", "worker.py")
        self.clip = _load_module(src, "output").clip
        self.temp_dir = temp_dir or tempfile.gettempdir()
        self.marker = "aimo-sandbox-" + os.urandom(6).hex()
        self.root = os.geteuid() == 0
        self.uids = random.randrange(UID_SPAN)
        self.net_ns, self.mnt_ns = _readlink("/proc/self/ns/net"), _readlink("/proc/self/ns/mnt")
        self.iso = None
        if os.environ.get("AIMO_SANDBOX_NAMESPACES") == "0":
            self.iso = (0, False, "namespaces turned off by AIMO_SANDBOX_NAMESPACES=0")
        self.lock = threading.Lock()
        self.live, self.idle, self.closed = set(), [], False
        sweep_stale(self.temp_dir)
        w = self.start()
        self.hello = w.hello
        self.idle.append(w)

    def session(self):
        return SandboxSession(self)

    def get(self):
        """A warm worker, or a new one."""
        with self.lock:
            if self.closed:
                raise SandboxError("the sandbox is closed")
            while self.idle:
                w = self.idle.pop()
                if w.alive():
                    return w
                w.kill()
        return self.start()

    def close(self):
        with self.lock:
            self.closed = True
            live = list(self.live)
        for w in live:
            w.kill()

    def _attempts(self):
        if self.iso is not None:
            return [self.iso]
        if not sys.platform.startswith("linux"):
            return [(0, False, "network, pid and mount namespaces exist only on Linux")]
        full = (NAMESPACES, False, "") if self.root else (NAMESPACES | CLONE_NEWUSER, True, "")
        return [full, (0, False, "")]

    def start(self):
        """Starts a worker with the best isolation this machine allows."""
        isos = self._attempts()
        for i, iso in enumerate(isos):
            try:
                w = self._spawn(iso)
            except _CloneFailed as e:
                if i + 1 == len(isos):
                    raise SandboxError("creating namespaces failed: %s" % e)
                what = ("a user namespace with " if iso[1] else "") + "network, pid and mount namespaces"
                isos[i + 1] = (0, False, "creating %s failed: %s" % (what, e))
                continue
            with self.lock:
                if self.iso is None:
                    self.iso = iso
            return w
        raise SandboxError("no way to start a worker")

    def _spawn(self, iso):
        flags, userns, note = iso
        folder = tempfile.mkdtemp(dir=self.temp_dir, prefix="%s%d-" % (DIR_PREFIX, os.getpid()))
        uid = None
        if self.root and not userns:
            self.uids += 1
            uid = UID_BASE + self.uids % UID_SPAN
            os.chown(folder, uid, uid)
        name = os.path.join(folder, ".aimo-output")
        capture = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_CLOEXEC, 0o600)
        os.remove(name)
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        args = [self.python, "-B", "-c", BOOT, str(flags), str(os.getuid()), str(os.getgid()),
                self.python, "-B", self.script, "--" + self.marker]
        try:
            proc = subprocess.Popen(args, stdin=req_r, stdout=resp_w, stderr=capture, cwd=folder,
                                    env=self._environ(folder), close_fds=True, start_new_session=True)
        except OSError as e:
            for fd in (capture, req_w, resp_r):
                os.close(fd)
            _remove_all(folder)
            raise SandboxError("starting %s: %s" % (self.python, e))
        finally:
            os.close(req_r)
            os.close(resp_w)
        max_line = 16 * self.cfg["max_output"] + (1 << 20)
        w = SandboxWorker(proc, uid, bool(flags), folder, req_w, resp_r, capture, self.clip, max_line)
        with self.lock:
            closed = self.closed
            if not closed:
                self.live.add(w)
                w.release = self._forget
        if closed:
            w.kill()
            raise SandboxError("the sandbox is closed")
        w.greet(self._worker_config(iso, w), self.start_timeout)
        return w

    def _forget(self, w):
        with self.lock:
            self.live.discard(w)

    def _environ(self, folder):
        """The worker's whole environment: nothing of the notebook's, so no
        secret reaches the model's code."""
        return {"PATH": os.path.dirname(self.python) + ":/usr/local/bin:/usr/bin:/bin", "HOME": folder,
                "TMPDIR": folder, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0",
                "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1",
                "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg"}

    def _worker_config(self, iso, w):
        c = self.cfg
        home = os.path.normpath(os.path.expanduser("~"))
        cfg = {"dir": w.dir, "uid": w.uid, "memory_bytes": c["memory_bytes"], "cpu_seconds": c["cpu_seconds"],
               "max_procs": c["max_procs"], "max_file_bytes": c["max_file_bytes"], "max_output": c["max_output"],
               "traceback_lines": c["traceback_lines"], "pid_namespace": bool(iso[0]), "host_net_ns": self.net_ns,
               "host_mnt_ns": self.mnt_ns, "hide": [] if home in ("/", "~") else [home], "aimo_uid": os.getuid()}
        if iso[2]:
            cfg["network_note"] = iso[2]
        return cfg


class SandboxSession:
    """One attempt's Python: cells run in order against one namespace.
    After a timeout or the death of its process it carries on with a fresh
    worker, and the result that ended the old one says so."""

    def __init__(self, pool):
        self.pool, self.worker, self.cells, self.closed = pool, None, 0, False
        self.lock = threading.Lock()

    def run(self, code):
        with self.lock:
            if self.closed:
                raise SandboxError("the session is closed")
            if self.worker is not None and not self.worker.alive():
                self.worker.kill()
                self.worker = None
            if self.worker is None:
                self.worker = self.pool.get()
            self.cells += 1
            c = self.pool.cfg
            res = self.worker.run(self.cells, code, c["timeout_s"], c["timeout_text"], c["max_output"])
            if res.reset or self.closed:
                self.worker.kill()
                self.worker = None
            if self.closed:
                raise SandboxError("the session is closed")
            return res

    def close(self):
        """Kills the session's worker at once, even in the middle of a cell."""
        self.closed = True
        w = self.worker
        if w is not None:
            w.kill()
