"""Loads notebook cells into one namespace, as the notebook runs them: the
cells refer to each other's names without imports."""
import os
import types

PY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SANDBOX_SRC = os.path.join(PY, "..", "..", "..", "backends", "sandbox", "py")


def load(*files):
    mod = types.ModuleType("aimo_cells")
    for f in files:
        path = os.path.join(PY, f)
        with open(path, encoding="utf-8") as fh:
            exec(compile(fh.read(), path, "exec"), mod.__dict__)
    return mod
