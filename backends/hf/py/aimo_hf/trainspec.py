"""The training job spec: reading it and checking every value before any work.

aimo writes the spec, so every key must be present and no other key may be:
a missing or misspelt key is a bug between aimo and the trainer, and it is
reported as one instead of silently falling back to a default.
"""

import json
from dataclasses import dataclass

from .common import UsageError

PRECISIONS = ("fp32", "bf16", "fp16")
DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class Spec:
    """Spec is one LoRA fine-tuning job."""

    base_model: str
    train_file: str
    val_file: str | None
    output_dir: str
    r: int
    alpha: int
    dropout: float
    target_modules: list | None
    lr: float
    epochs: float
    batch_size: int
    grad_accum: int
    warmup_steps: int
    precision: str
    eval_steps: int
    max_seq_len: int
    seed: int
    device: str
    max_steps: int
    logging_steps: int


KEYS = tuple(Spec.__dataclass_fields__)


def load(path):
    """load reads and checks the spec at path."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except FileNotFoundError:
        raise UsageError(f"spec {path} does not exist") from None
    except (OSError, ValueError) as e:
        raise UsageError(f"spec {path}: {e}") from None
    return parse(raw)


def parse(raw):
    """parse checks a decoded spec and returns it as a Spec."""
    if not isinstance(raw, dict):
        raise UsageError("spec: must be a JSON object")
    for key in KEYS:
        if key not in raw:
            raise UsageError(f'spec: missing key "{key}"')
    for key in sorted(raw):
        if key not in KEYS:
            raise UsageError(f'spec: unknown key "{key}"')
    for check in CHECKS:
        check(raw)
    return Spec(**raw)


def _integer(raw, key):
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"spec: {key} must be an integer, got {json.dumps(value)}")
    return value


def _number(raw, key):
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UsageError(f"spec: {key} must be a number, got {json.dumps(value)}")
    return value


def _string(raw, key, optional=False):
    value = raw[key]
    if value is None and optional:
        return
    if not isinstance(value, str) or value == "":
        raise UsageError(f"spec: {key} must be a non-empty string, got {json.dumps(value)}")


def _at_least(minimum, integer=True):
    def check(raw, key):
        value = _integer(raw, key) if integer else _number(raw, key)
        if value < minimum:
            raise UsageError(f"spec: {key} must be at least {minimum}, got {json.dumps(value)}")

    return check


def _check_strings(raw):
    for key in ("base_model", "train_file", "output_dir"):
        _string(raw, key)
    _string(raw, "val_file", optional=True)


def _check_counts(raw):
    for key in ("r", "alpha", "batch_size", "grad_accum", "eval_steps", "logging_steps"):
        _at_least(1)(raw, key)
    _at_least(1, integer=False)(raw, "epochs")
    _at_least(0)(raw, "warmup_steps")
    _at_least(2)(raw, "max_seq_len")
    _integer(raw, "seed")
    if _integer(raw, "max_steps") < 1 and raw["max_steps"] != -1:
        raise UsageError(f"spec: max_steps must be -1 (use epochs) or at least 1, got {raw['max_steps']}")


def _check_rates(raw):
    if _number(raw, "lr") <= 0:
        raise UsageError(f"spec: lr must be greater than 0, got {json.dumps(raw['lr'])}")
    dropout = _number(raw, "dropout")
    if not 0 <= dropout < 1:
        raise UsageError(f"spec: dropout must be in [0, 1), got {json.dumps(dropout)}")


def _check_choices(raw):
    for key, choices in (("precision", PRECISIONS), ("device", DEVICES)):
        if raw[key] not in choices:
            names = ", ".join(f'"{c}"' for c in choices)
            raise UsageError(f"spec: {key} must be one of {names}, got {json.dumps(raw[key])}")
    modules = raw["target_modules"]
    if modules is None:
        return
    if not isinstance(modules, list) or not modules or not all(isinstance(m, str) and m for m in modules):
        raise UsageError(f"spec: target_modules must be null or a non-empty list of module names, got {json.dumps(modules)}")


CHECKS = (_check_strings, _check_counts, _check_rates, _check_choices)
