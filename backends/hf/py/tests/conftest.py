"""Shared fixtures: the tiny model, real MATH training rows, and a way to run
aimo_hf's programs as aimo does, as child processes with JSON on stdout.

Child processes get OMP_NUM_THREADS=1: the tiny model is too small to gain
from threads, and on a busy machine torch's spinning threads make it many
times slower.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = Path(__file__).resolve().parents[4]
MATH_TRAIN = REPO_ROOT / "experiments" / "data" / "math" / "train_1500.jsonl"


def child_env(extra_path=None):
    """child_env is the environment a program runs in: aimo_hf importable,
    one thread, and extra_path (a sitecustomize, say) ahead of everything."""
    paths = ([str(extra_path)] if extra_path else []) + [str(PACKAGE_DIR)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths), OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    return env


def run_program(module, args, cwd=None, extra_path=None, timeout=300):
    """run_program runs python -m aimo_hf.<module> and returns the exit code,
    the JSON objects it printed on stdout, and its stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", f"aimo_hf.{module}", *args],
        cwd=cwd,
        env=child_env(extra_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    return proc.returncode, events, proc.stderr


def math_problems(start, count):
    """math_problems reads count MATH training problems from line start on."""
    with open(MATH_TRAIN, encoding="utf-8") as f:
        lines = f.readlines()[start : start + count]
    return [json.loads(line) for line in lines]


def chat_row(problem):
    return {"messages": [{"role": "user", "content": problem["problem"]}, {"role": "assistant", "content": problem["solution"]}]}


def completion_row(problem):
    return {"prompt": problem["problem"], "target": problem["solution"]}


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """tiny_model is the path of a tiny model built by the aimo_hf.tiny program."""
    out = tmp_path_factory.mktemp("models") / "tiny"
    code, events, stderr = run_program("tiny", ["--out", str(out), "--seed", "0"])
    assert code == 0, stderr
    assert events[-1]["event"] == "done" and events[-1]["created"] is True
    return out


def base_spec(tiny_model, tmp_path, **overrides):
    """base_spec is a complete, valid training spec on the tiny model."""
    spec = {
        "base_model": str(tiny_model),
        "train_file": str(tmp_path / "train.jsonl"),
        "val_file": None,
        "output_dir": str(tmp_path / "adapter"),
        "r": 8,
        "alpha": 16,
        "dropout": 0.05,
        "target_modules": None,
        "lr": 2e-4,
        "epochs": 1,
        "batch_size": 4,
        "grad_accum": 1,
        "warmup_steps": 0,
        "precision": "fp32",
        "eval_steps": 10,
        "max_seq_len": 512,
        "seed": 0,
        "device": "cpu",
        "max_steps": -1,
        "logging_steps": 1,
    }
    spec.update(overrides)
    return spec


def write_spec(tmp_path, spec):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    return path


@pytest.fixture(scope="session")
def trained(tiny_model, tmp_path_factory):
    """trained is a real LoRA run of the tiny model on 100 MATH chats,
    validated on 32 other problems written as prompt/target pairs. It returns
    the job's directory, its spec, exit code, stdout events and stderr."""
    work = tmp_path_factory.mktemp("train")
    write_jsonl(work / "train.jsonl", [chat_row(p) for p in math_problems(0, 100)])
    write_jsonl(work / "val.jsonl", [completion_row(p) for p in math_problems(100, 32)])
    # lm_head is among the targets: the tiny model's random output layer is
    # what must move for its loss to fall far, and it exercises an explicit list.
    spec = base_spec(
        tiny_model, work, val_file=str(work / "val.jsonl"), target_modules=["q_proj", "v_proj", "down_proj", "lm_head"],
        lr=5e-3, epochs=2, batch_size=8, eval_steps=5, max_seq_len=256,
    )
    code, events, stderr = run_program("train", ["--spec", str(write_spec(work, spec))])
    return {"dir": work, "spec": spec, "code": code, "events": events, "stderr": stderr}
