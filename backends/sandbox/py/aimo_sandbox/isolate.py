"""Isolation applied by the worker before any model code runs: resource
limits, a private view of the file system, and an unprivileged user.

aimo's Go side starts the worker in fresh network, pid and mount namespaces
where the OS allows it (see spawn.go); this module finishes the job from
inside. Every step reports what it did, so the sandbox can say plainly which
protections are active.
"""

import ctypes
import os
import resource
import signal
import stat

MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x2, 0x4, 0x8
PR_SET_PDEATHSIG = 1

_libc = None


def _mount(source, target, fstype, flags, data=None):
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    enc = lambda s: s.encode() if s is not None else None
    if _libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), target)


def namespace(kind):
    """Return the identity of this process's namespace of a kind ("net",
    "mnt"), or "" where there are none (not Linux)."""
    try:
        return os.readlink("/proc/self/ns/" + kind)
    except OSError:
        return ""


def private_mounts(host_mnt_ns):
    """Make mount changes private to this process. It refuses unless the
    process really is in a mount namespace of its own: a tmpfs mounted over a
    directory in the host's namespace would hide it from everyone."""
    own = namespace("mnt")
    if not host_mnt_ns or own in ("", host_mnt_ns):
        return "no mount namespace of its own"
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    return ""


def mount_proc():
    """Mount a /proc that shows only the sandbox's own processes."""
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def enterable(path, uid):
    """Report whether uid, with no group of its own on the system, may enter
    path, by the mode bits of path and every directory above it."""
    cur = ""
    for part in path.strip("/").split("/"):
        cur += "/" + part
        try:
            st = os.stat(cur)
        except OSError:  # gone, e.g. under a cover whose binds failed
            return False
        bit = stat.S_IXUSR if st.st_uid == uid else stat.S_IXOTH
        if stat.S_ISDIR(st.st_mode) and not st.st_mode & bit:
            return False
    return True


def closed_ancestor(path):
    """Return the highest directory above path that other users cannot enter,
    or None."""
    cur = ""
    for part in path.strip("/").split("/")[:-1]:
        cur += "/" + part
        if not os.stat(cur).st_mode & stat.S_IXOTH:
            return cur
    return None


def overlay(hide, needed):
    """Mount an empty tmpfs over each directory in hide and over every
    directory above a needed path that other users cannot enter, then bind each
    needed path back in place. The sandbox user then reaches the interpreter,
    its packages and its own folder, and nothing else those directories held
    (the home folder of whoever runs aimo, for one). Returns the directories
    hidden."""
    # A path goes back both where it is named and where it really is, so a
    # symlinked virtual environment under a hidden home still resolves.
    needed = sorted({q for p in needed if os.path.isdir(p)
                     for q in (os.path.abspath(p), os.path.realpath(p))})
    covers = set(h for h in hide if os.path.isdir(h))
    covers |= {a for a in map(closed_ancestor, needed) if a}
    covers = [c for c in sorted(covers) if not any(_under(c, o) for o in covers if o != c)]
    for cover in covers:
        inside = [p for p in needed if _under(p, cover)]
        inside = [p for p in inside if not any(_under(p, q) for q in inside if q != p)]
        fds = [os.open(p, os.O_PATH | os.O_DIRECTORY) for p in inside]
        _mount("tmpfs", cover, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m,nr_inodes=4096")
        for p, fd in zip(inside, fds):
            os.makedirs(p, exist_ok=True)
            _mount("/proc/self/fd/%d" % fd, p, None, MS_BIND | MS_REC)
            os.close(fd)
    return covers


def _under(path, top):
    return path == top or path.startswith(top.rstrip("/") + "/")


def limit(memory_bytes, max_procs, max_file_bytes):
    """Apply the limits that hold for the worker's whole life. The CPU-time
    limit is per cell; see arm_cpu."""
    for res, value in ((resource.RLIMIT_AS, memory_bytes),
                       (resource.RLIMIT_NPROC, max_procs),
                       (resource.RLIMIT_FSIZE, max_file_bytes),
                       (resource.RLIMIT_CORE, 0)):
        if value is not None and value >= 0:
            resource.setrlimit(res, (value, value))
    # A write past RLIMIT_FSIZE then fails with "File too large" in the
    # model's code instead of killing the worker.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def arm_cpu(seconds):
    """Let the process use `seconds` more CPU time before SIGXCPU arrives."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    used = int(ru.ru_utime + ru.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def drop(uid):
    """Become uid (and the group of the same number), with no supplementary
    groups. Root may do it; it is how RLIMIT_NPROC starts to count and how the
    model's code loses the right to signal aimo or write where root may."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def die_with_parent():
    """Ask for SIGKILL when the parent dies (changing uid clears it)."""
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
