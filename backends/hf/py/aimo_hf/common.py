"""Helpers the aimo_hf programs share: JSON event lines, usage errors, devices.

Every program keeps stdout for its own JSON lines, one object per line, flushed
as written, and sends everything else (library warnings, progress bars, stray
prints from dependencies) to stderr. A program calls claim_stdout() first; it
returns the real stdout and points sys.stdout at stderr, so a library that
prints cannot corrupt the stream aimo parses.
"""

import json
import os
import sys

INSTALL_HINT = "run: aimo doctor --install"


class UsageError(Exception):
    """UsageError is a mistake the user can fix (a bad spec, a missing file,
    a device that is not there); the program exits 2 and names the fix."""


class Events:
    """Events writes one JSON object per line to the stream it was given."""

    def __init__(self, stream):
        self.stream = stream

    def emit(self, event, **fields):
        self.stream.write(json.dumps({"event": event, **fields}) + "\n")
        self.stream.flush()


def claim_stdout():
    """claim_stdout returns an Events writer on the real stdout and sends
    anything else printed to stdout to stderr instead."""
    real = sys.stdout
    sys.stdout = sys.stderr
    return Events(real)


def fail(events, prog, message, code):
    """fail reports an error the way every program does, one line on stderr
    beginning with the program's name and an error event on stdout, and
    returns the exit code for main to hand to sys.exit."""
    print(f"{prog}: {message}", file=sys.stderr, flush=True)
    events.emit("error", message=message)
    return code


def import_package(name):
    """import_package imports one of the heavy dependencies, turning its
    absence into a UsageError that names the package and the fix."""
    try:
        return __import__(name)
    except ImportError:
        raise UsageError(f"python package {name} is not installed; {INSTALL_HINT}") from None


def path_like(name):
    """path_like says whether a model name is meant as a local path: such a
    name must exist and is never tried as a Hugging Face hub id."""
    return name.startswith(("/", ".", "~")) or os.path.isabs(name)


def check_model_path(name, what):
    """check_model_path rejects a path-like model name that is missing."""
    if path_like(name) and not os.path.exists(os.path.expanduser(name)):
        raise UsageError(f"{what} {name} does not exist")
    return os.path.expanduser(name) if path_like(name) else name


def cuda_available():
    """cuda_available says whether torch can see a CUDA GPU."""
    torch = import_package("torch")
    return torch.cuda.is_available()


def resolve_device(requested):
    """resolve_device turns "auto", "cpu" or "cuda" into the device to use."""
    if requested not in ("auto", "cpu", "cuda"):
        raise UsageError(f'device must be "auto", "cpu" or "cuda", got {requested!r}')
    if requested == "cpu":
        return "cpu"
    has_cuda = cuda_available()
    if requested == "cuda" and not has_cuda:
        raise UsageError("device cuda was requested but torch sees no cuda gpu; available: cpu")
    return "cuda" if has_cuda else "cpu"
