"""aimo_hf.train refuses bad jobs fast: exit 2, one "aimo-train: " line on
stderr and an error event on stdout, each message exactly as users see it."""

import pytest
import torch

from aimo_hf import train
from aimo_hf.common import UsageError
from conftest import base_spec, chat_row, math_problems, run_program, write_jsonl, write_spec


@pytest.fixture
def job(tiny_model, tmp_path):
    """job is a directory with three good training rows, ready for a spec."""
    write_jsonl(tmp_path / "train.jsonl", [chat_row(p) for p in math_problems(0, 3)])
    return tmp_path


def assert_refused(tmp_path, spec, message, extra_path=None):
    code, events, stderr = run_program("train", ["--spec", str(write_spec(tmp_path, spec))], cwd=tmp_path, extra_path=extra_path)
    assert code == 2, stderr
    assert stderr.strip().splitlines()[-1] == f"aimo-train: {message}"
    assert events == [{"event": "error", "message": message}]
    assert not (tmp_path / "adapter").exists()


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("r", 0, "spec: r must be at least 1, got 0"),
        ("alpha", 0, "spec: alpha must be at least 1, got 0"),
        ("lr", 0, "spec: lr must be greater than 0, got 0"),
        ("lr", -0.0001, "spec: lr must be greater than 0, got -0.0001"),
        ("epochs", 0, "spec: epochs must be at least 1, got 0"),
        ("batch_size", 0, "spec: batch_size must be at least 1, got 0"),
        ("r", "8", 'spec: r must be an integer, got "8"'),
        ("precision", "fp8", 'spec: precision must be one of "fp32", "bf16", "fp16", got "fp8"'),
    ],
)
def test_bad_values(tiny_model, job, key, value, message):
    assert_refused(job, base_spec(tiny_model, job, **{key: value}), message)


def test_missing_and_unknown_keys(tiny_model, job):
    spec = base_spec(tiny_model, job)
    del spec["lr"]
    assert_refused(job, spec, 'spec: missing key "lr"')
    assert_refused(job, base_spec(tiny_model, job, learning_rate=1e-4), 'spec: unknown key "learning_rate"')


def test_training_file_missing_or_empty(tiny_model, job):
    missing = str(job / "nope.jsonl")
    assert_refused(job, base_spec(tiny_model, job, train_file=missing), f"train_file {missing} does not exist")
    empty = job / "empty.jsonl"
    empty.write_text("\n\n")
    assert_refused(job, base_spec(tiny_model, job, train_file=str(empty)), f"train_file {empty} has no rows")


@pytest.mark.parametrize("base", ["./models/nope", "/no/such/model"])
def test_missing_base_model_path_is_not_tried_on_the_hub(tiny_model, job, base):
    assert_refused(job, base_spec(tiny_model, job, base_model=base), f"base_model {base} does not exist")


@pytest.mark.parametrize(
    "row, fault",
    [
        ({"prompt": "1+1?"}, 'missing key "target"'),
        ({"target": "2"}, 'missing key "prompt"'),
        ({"question": "1+1?", "answer": "2"}, 'missing key "messages" (or "prompt" and "target")'),
        ({"messages": [{"role": "user"}, {"role": "assistant", "content": "2"}]}, 'messages[0] is missing key "content"'),
        ({"messages": [{"content": "1+1?"}]}, 'messages[0] is missing key "role"'),
        ({"messages": [{"role": "user", "content": "1+1?"}]}, 'the last message must be from the assistant, got "user"'),
    ],
)
def test_malformed_row_names_file_line_and_key(tiny_model, job, row, fault):
    path = write_jsonl(job / "bad.jsonl", [chat_row(math_problems(0, 1)[0]), row])
    assert_refused(job, base_spec(tiny_model, job, train_file=str(path)), f"{path}:2: {fault}")


def test_row_that_is_not_json(tiny_model, job):
    path = job / "bad.jsonl"
    path.write_text('{"prompt": "1+1?", "target": "2"}\n{"prompt": \n')
    code, events, stderr = run_program("train", ["--spec", str(write_spec(job, base_spec(tiny_model, job, train_file=str(path))))])
    assert code == 2
    assert events[0]["message"].startswith(f"{path}:2: not valid JSON (")


def test_fp16_on_cpu(tiny_model, job):
    available = "fp32, bf16" if train.cpu_has_bf16() else "fp32"
    assert_refused(job, base_spec(tiny_model, job, precision="fp16"), f"precision fp16 was requested on cpu; available: {available}")


@pytest.mark.skipif(train.cpu_has_bf16(), reason="this cpu computes in bf16, so bf16 training is allowed here")
def test_bf16_on_cpu_without_bf16(tiny_model, job):
    assert_refused(job, base_spec(tiny_model, job, precision="bf16"), "precision bf16 was requested on cpu; available: fp32")


def test_precision_message_names_request_and_choices():
    with pytest.raises(UsageError) as e:
        train.check_precision("bf16", "cuda", ["fp32", "fp16"])
    assert str(e.value) == "precision bf16 was requested on cuda; available: fp32, fp16"
    train.check_precision("bf16", "cpu", ["fp32", "bf16"])


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a cuda gpu")
def test_cuda_without_gpu(tiny_model, job):
    assert_refused(job, base_spec(tiny_model, job, device="cuda"), "device cuda was requested but torch sees no cuda gpu; available: cpu")


@pytest.mark.parametrize("package", ["torch", "peft"])
def test_missing_package_names_it_and_the_fix(tiny_model, job, package):
    shim = job / "shim"
    shim.mkdir()
    # sitecustomize runs before the program: a None entry makes `import package` fail.
    (shim / "sitecustomize.py").write_text(f"import sys\nsys.modules[{package!r}] = None\n")
    message = f"python package {package} is not installed; run: aimo doctor --install"
    assert_refused(job, base_spec(tiny_model, job), message, extra_path=shim)


def test_spec_that_is_not_json(job):
    path = job / "spec.json"
    path.write_text("{")
    code, events, _ = run_program("train", ["--spec", str(path)])
    assert code == 2
    assert events[0]["message"].startswith(f"spec {path}: ")
