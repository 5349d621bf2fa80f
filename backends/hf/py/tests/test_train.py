"""aimo_hf.train on real data: the loss falls, the reports are complete, the
adapter is the best one and loads back with peft."""

import io
import json

import peft
import pytest
import torch
import transformers

from aimo_hf import rows, train
from aimo_hf.common import Events
from conftest import base_spec, chat_row, completion_row, math_problems, write_jsonl, write_spec

METRIC_KEYS = {
    "train_loss", "eval_loss", "best_step", "best_eval_loss", "final_eval_loss", "initial_eval_loss",
    "wall_s", "train_tokens", "tokens_per_s", "steps", "trainer_version", "versions",
}


@pytest.fixture(scope="module")
def metrics(trained):
    assert trained["code"] == 0, trained["stderr"]
    return json.loads((trained["dir"] / "adapter" / "metrics.json").read_text())


def test_validation_loss_falls(metrics):
    assert metrics["final_eval_loss"] < metrics["initial_eval_loss"] - 0.5
    assert metrics["train_loss"][-1]["loss"] < metrics["train_loss"][0]["loss"]


def test_metrics_are_complete(metrics):
    assert set(metrics) == METRIC_KEYS
    steps = metrics["steps"]
    assert steps == 24  # 95 rows fit in 256 tokens: 12 batches of 8, twice.
    assert [p["step"] for p in metrics["train_loss"]] == list(range(1, steps + 1))
    assert metrics["train_loss"][-1]["epoch"] == pytest.approx(2.0)
    assert [e["step"] for e in metrics["eval_loss"]] == [5, 10, 15, 20, 24]
    assert metrics["train_tokens"] > 100 * steps
    assert metrics["tokens_per_s"] > 0 and metrics["wall_s"] > 0
    assert metrics["trainer_version"] == train.TRAINER_VERSION
    assert metrics["versions"] == {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__}


def test_kept_adapter_is_the_best_checkpoint(metrics):
    best = min(metrics["eval_loss"], key=lambda e: e["loss"])
    assert metrics["best_step"] == best["step"]
    assert metrics["best_eval_loss"] == pytest.approx(best["loss"])
    assert metrics["final_eval_loss"] == pytest.approx(best["loss"], abs=1e-5)


def test_stdout_is_progress_then_done(trained, metrics):
    events = trained["events"]
    assert events[0] == {"event": "eval", "step": 0, "eval_loss": pytest.approx(metrics["initial_eval_loss"])}
    progress = [e for e in events if e["event"] == "progress"]
    assert len(progress) == metrics["steps"] and all(e["total_steps"] == metrics["steps"] for e in progress)
    assert [e["loss"] for e in progress] == [p["loss"] for p in metrics["train_loss"]]
    evals = [{"step": e["step"], "loss": e["eval_loss"]} for e in events[1:] if e["event"] == "eval"]
    assert evals == metrics["eval_loss"]
    output_dir = str(trained["dir"] / "adapter")
    assert events[-1] == {"event": "done", "output_dir": output_dir, "final_eval_loss": metrics["final_eval_loss"]}


def test_output_holds_only_the_adapter_and_metrics(trained, metrics):
    names = sorted(p.name for p in (trained["dir"] / "adapter").iterdir())
    assert names == ["adapter_config.json", "adapter_model.safetensors", "metrics.json"]


def test_adapter_reloads_and_beats_the_base(trained, tiny_model, metrics):
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    base = transformers.AutoModelForCausalLM.from_pretrained(tiny_model)
    batch = rows.PadCollator(tok.pad_token_id)(
        [rows.encode(tok, completion_row(p), 256) for p in math_problems(100, 8)]
    )
    with torch.no_grad():
        base_loss = base(**batch).loss.item()
        tuned = peft.PeftModel.from_pretrained(base, str(trained["dir"] / "adapter"))
        tuned_loss = tuned(**batch).loss.item()
    assert tuned.peft_config["default"].target_modules == {"q_proj", "v_proj", "down_proj", "lm_head"}
    assert tuned_loss < base_loss - 0.5


def test_without_validation_trains_all_linear_layers(tiny_model, tmp_path):
    """In process, to share this process's imports: null target_modules means
    every linear layer but the output one, and the val-only metrics are null."""
    write_jsonl(tmp_path / "train.jsonl", [completion_row(p) for p in math_problems(200, 6)])
    spec = base_spec(tiny_model, tmp_path, max_steps=2, batch_size=2, max_seq_len=128)
    out = io.StringIO()
    train.run(train.prepare(str(write_spec(tmp_path, spec))), Events(out), 0.0)
    metrics = json.loads((tmp_path / "adapter" / "metrics.json").read_text())
    assert metrics["steps"] == 2
    for key in ("initial_eval_loss", "final_eval_loss", "best_step", "best_eval_loss"):
        assert metrics[key] is None, key
    assert metrics["eval_loss"] == []
    config = json.loads((tmp_path / "adapter" / "adapter_config.json").read_text())
    assert {name.rsplit(".", 1)[-1] for name in config["target_modules"]} == {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}
    assert [json.loads(line)["event"] for line in out.getvalue().splitlines()] == ["progress", "progress", "done"]
    assert sorted(p.name for p in (tmp_path / "adapter").iterdir()) == ["adapter_config.json", "adapter_model.safetensors", "metrics.json"]


def test_same_spec_gives_the_same_adapter(tiny_model, tmp_path):
    write_jsonl(tmp_path / "train.jsonl", [chat_row(p) for p in math_problems(300, 6)])
    weights = []
    for name in ("one", "two"):
        spec = base_spec(tiny_model, tmp_path, output_dir=str(tmp_path / name), max_steps=3, batch_size=2, max_seq_len=128, lr=1e-2)
        train.run(train.prepare(str(write_spec(tmp_path, spec))), Events(io.StringIO()), 0.0)
        weights.append((tmp_path / name / "adapter_model.safetensors").read_bytes())
    assert weights[0] == weights[1]


def test_chat_rows_learn_only_the_last_assistant_turn(tiny_model):
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    row = {"messages": [
        {"role": "system", "content": "Solve it."},
        {"role": "user", "content": "1+1?"},
        {"role": "assistant", "content": "2"},
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "4"},
    ]}
    item = rows.encode(tok, row, 512)
    learned = [t for t, label in zip(item["input_ids"], item["labels"]) if label != rows.IGNORE]
    assert tok.decode(learned) == "4<|end|>\n"
    assert item["input_ids"] == tok(tok.apply_chat_template(row["messages"], tokenize=False), add_special_tokens=False).input_ids


def test_completion_rows_learn_the_target_and_eos(tiny_model):
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    item = rows.encode(tok, {"prompt": "1+1 =", "target": " 2"}, 512)
    learned = [t for t, label in zip(item["input_ids"], item["labels"]) if label != rows.IGNORE]
    assert tok.decode(learned) == " 2<|eos|>"
    assert item["input_ids"][0] == tok.bos_token_id
    assert rows.encode(tok, {"prompt": "1+1 = " * 50, "target": " 2"}, 16) is None
