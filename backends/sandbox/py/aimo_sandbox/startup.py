"""Start-up of the worker: the protections it applies before any model code
runs (see isolate.py for the mechanisms), what it reports about them, and
the modules the model's code may import."""

import importlib.util
import os
import signal
import sys

from . import isolate


class Refused(Exception):
    """The worker will not run model code under these conditions."""


def python_paths():
    """Directories the model's code needs to read: the interpreter and the
    places it imports from."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(sys.executable), os.path.dirname(os.path.realpath(sys.executable))}
    paths.update(p for p in sys.path if p)
    return sorted(p for p in paths if os.path.isdir(p))


def module_versions(names):
    """Return {name: version} for the modules importable here, "" for an
    unknown version and None for a missing module, without importing them:
    the version comes from the distribution folder next to the package."""
    found = {}
    for name in names:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin:
            found[name] = None
            continue
        found[name] = _dist_version(name, spec.origin)
    return found


def _dist_version(name, origin):
    site = os.path.dirname(os.path.dirname(origin)) if origin.endswith("__init__.py") else os.path.dirname(origin)
    try:
        entries = os.listdir(site)
    except OSError:
        return ""
    for entry in sorted(entries):
        base, ext = os.path.splitext(entry)
        dist, _, version = base.partition("-")
        if ext in (".dist-info", ".egg-info") and dist.lower().replace("-", "_") == name:
            return version.split("-")[0]
    return ""


def become_init():
    """In a fresh pid namespace the worker is pid 1, which the model's code
    would inherit orphans from and could not be signalled like a normal
    process. Fork: the parent stays pid 1, reaps orphans and exits with the
    worker's status (128+signal when killed); the child goes on as the
    worker."""
    worker = os.fork()
    if worker == 0:
        return
    for sig in (signal.SIGINT, signal.SIGUSR1):
        signal.signal(sig, signal.SIG_IGN)
    os.closerange(0, 1 << 16)
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(0)
        if pid == worker:
            code = os.waitstatus_to_exitcode(status)
            os._exit(128 - code if code < 0 else code)


def setup(cfg):
    """Apply every protection the configuration asks for, in an order that
    still has root's rights when it needs them, and say what took effect."""
    prot = {}
    pidns = os.getpid() == 2 and cfg.get("pid_namespace")
    host_net = cfg.get("host_net_ns")
    net = bool(host_net) and isolate.namespace("net") not in ("", host_net)
    prot["network"] = _state(net, "isolated (own network namespace)",
                             "NOT isolated (%s)" % (cfg.get("network_note") or "no network namespace"))
    needed = python_paths() + [cfg["dir"]]
    files = _files(cfg, needed, pidns)
    os.chdir(cfg["dir"])
    isolate.limit(cfg.get("memory_bytes"), cfg.get("max_procs"), cfg.get("max_file_bytes"))
    prot["processes"] = _state(pidns, "own pid namespace: every process ends with the sandbox",
                               "NOT in a pid namespace: processes that leave the group may outlive it")
    prot["user"] = _user(cfg.get("uid"), needed, pidns, cfg.get("aimo_uid", os.getuid()))
    prot["files"] = files
    return prot


def _files(cfg, needed, pidns):
    try:
        why = isolate.private_mounts(cfg.get("host_mnt_ns"))
        if why:
            return _state(False, "", "NOT hidden (%s)" % why)
        hidden = isolate.overlay(cfg.get("hide") or [], needed)
        if pidns:
            isolate.mount_proc()
    except OSError as e:
        return _state(False, "", "NOT hidden (%s)" % e)
    return _state(True, "hidden: %s" % (", ".join(hidden) or "nothing to hide"), "")


def _user(uid, needed, pidns, aimo_uid):
    if uid is None:
        return _state(False, "", "NOT a separate user: aimo's own (uid %d); only root can run the code "
                      "as another user" % aimo_uid)
    closed = [p for p in needed if not isolate.enterable(p, uid)]
    if closed:
        # Model code running as root could kill aimo and read every file:
        # refuse rather than run it so.
        raise Refused("cannot run the code as an unprivileged user: %s is closed to other users and "
                      "there is no mount namespace to open it; use a Python installed where every "
                      "user can read it (such as /usr/bin/python3), or allow namespaces" % closed[0])
    isolate.drop(int(uid))
    if not pidns and sys.platform.startswith("linux"):
        isolate.die_with_parent()
    return _state(True, "uid %d (not root)" % uid, "")


def _state(active, yes, no):
    return {"active": bool(active), "detail": yes if active else no}


