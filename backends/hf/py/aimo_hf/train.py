"""LoRA fine-tuning with peft and the Hugging Face Trainer, driven by a JSON spec.

    python -m aimo_hf.train --spec SPEC.json

The spec's keys are in trainspec.py; the rows it trains on in rows.py. The
loop is the Trainer's own: this program only maps the spec onto it, reports
progress, and keeps what aimo needs.

Contract:
- stdout carries only JSON lines, flushed as written:
  {"event":"progress","step","total_steps","epoch","loss"} per logged step,
  {"event":"eval","step","eval_loss"} per evaluation (step 0 is the base model),
  and last {"event":"done","output_dir","final_eval_loss"}. Everything else,
  warnings and library chatter included, goes to stderr.
- output_dir receives adapter_model.safetensors, adapter_config.json and,
  written last, metrics.json; a directory without metrics.json is unfinished.
  With a validation file the saved adapter is the checkpoint with the lowest
  validation loss, evaluated every eval_steps and at the last step.
- Checkpoints live in a temporary directory inside output_dir, removed at the end.
- Errors: one line on stderr beginning "aimo-train: " and a stdout line
  {"event":"error","message"}. Exit 2 for what the user can fix (the spec, its
  files, missing packages, a device or precision this machine lacks), 1 when
  the run itself fails.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass

from . import rows, trainspec
from .common import UsageError, check_model_path, claim_stdout, fail, import_package, resolve_device

# TRAINER_VERSION names this trainer's behaviour in metrics.json; change it
# whenever a change here would change the adapter a spec produces.
TRAINER_VERSION = "aimo-train/1"

DTYPES = {"fp32": "float32", "bf16": "bfloat16", "fp16": "float16"}


def main(argv=None):
    events = claim_stdout()
    parser = argparse.ArgumentParser(prog="python -m aimo_hf.train", description="LoRA fine-tune from a JSON spec.")
    parser.add_argument("--spec", required=True, help="the job spec (JSON)")
    args = parser.parse_args(argv)
    try:
        started = time.monotonic()
        job = prepare(args.spec)
        run(job, events, started)
    except UsageError as e:
        return fail(events, "aimo-train", str(e), 2)
    except Exception as e:  # The run failed; the traceback helps whoever reads stderr.
        traceback.print_exc()
        return fail(events, "aimo-train", f"training failed: {type(e).__name__}: {e}", 1)
    return 0


@dataclass(frozen=True)
class Job:
    """Job is a checked spec with its rows and the device it runs on."""

    spec: trainspec.Spec
    device: str
    train_rows: list
    val_rows: list | None


def prepare(spec_path):
    """prepare checks everything that can be checked without a model: the
    spec, the base model's path, every row, the packages, device and precision.
    Packages are imported cheapest first, so most mistakes are reported fast."""
    spec = trainspec.load(spec_path)
    check_model_path(spec.base_model, "base_model")
    train_rows = rows.read(spec.train_file, "train_file")
    val_rows = rows.read(spec.val_file, "val_file") if spec.val_file else None
    import_package("torch")
    device = resolve_device(spec.device)
    check_precision(spec.precision, device, precisions(device))
    import_package("transformers")
    import_package("peft")
    return Job(spec, device, train_rows, val_rows)


def precisions(device):
    """precisions lists the training precisions device supports."""
    import torch

    if device == "cuda":
        return ["fp32", "fp16"] + (["bf16"] if torch.cuda.is_bf16_supported() else [])
    return ["fp32"] + (["bf16"] if cpu_has_bf16() else [])


def cpu_has_bf16():
    """cpu_has_bf16 says whether this CPU computes in bf16 natively; torch
    emulates it elsewhere, too slowly to train with."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return True  # This torch cannot say; let it try.


def check_precision(precision, device, available):
    if precision not in available:
        raise UsageError(f"precision {precision} was requested on {device}; available: {', '.join(available)}")


def run(job, events, started):
    """run trains, saves the adapter and writes metrics.json."""
    import transformers

    from .trainlog import EventLog

    transformers.utils.logging.set_verbosity_warning()
    transformers.utils.logging.disable_progress_bar()
    spec = job.spec
    transformers.set_seed(spec.seed)
    tokenizer, model = load_model(spec)
    train_set = encode_all(tokenizer, job.train_rows, spec.max_seq_len, "train_file")
    val_set = encode_all(tokenizer, job.val_rows, spec.max_seq_len, "val_file") if job.val_rows else None
    os.makedirs(spec.output_dir, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix=".checkpoints-", dir=spec.output_dir)
    try:
        log = EventLog(events, spec.eval_steps if val_set else None)
        trainer = make_trainer(spec, job.device, model, tokenizer, train_set, val_set, scratch, log)
        metrics = fit(trainer, log, val_set is not None)
        save_adapter(trainer.model, spec.output_dir, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    metrics["wall_s"] = round(time.monotonic() - started, 3)
    write_json(os.path.join(spec.output_dir, "metrics.json"), metrics)
    events.emit("done", output_dir=os.path.abspath(spec.output_dir), final_eval_loss=metrics["final_eval_loss"])


def load_model(spec):
    """load_model loads the base model in the spec's precision and wraps it
    with fresh LoRA weights."""
    import peft
    import torch
    import transformers

    base = check_model_path(spec.base_model, "base_model")
    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = transformers.AutoModelForCausalLM.from_pretrained(base, dtype=getattr(torch, DTYPES[spec.precision]))
    config = peft.LoraConfig(
        r=spec.r,
        lora_alpha=spec.alpha,
        lora_dropout=spec.dropout,
        target_modules=spec.target_modules or "all-linear",
        bias="none",
        task_type="CAUSAL_LM",
    )
    return tokenizer, peft.get_peft_model(model, config)


def encode_all(tokenizer, source, max_len, what):
    """encode_all tokenizes rows, dropping those max_len leaves no answer in."""
    encoded = [rows.encode(tokenizer, row, max_len) for row in source]
    kept = [item for item in encoded if item is not None]
    if not kept:
        raise UsageError(f"{what}: no row keeps an answer token within max_seq_len {max_len}; raise max_seq_len")
    if len(kept) < len(encoded):
        print(f"aimo-train: {what}: skipped {len(encoded) - len(kept)} rows whose prompt fills max_seq_len {max_len}", file=sys.stderr)
    return kept


def make_trainer(spec, device, model, tokenizer, train_set, val_set, scratch, log):
    import transformers

    has_val = val_set is not None
    args = transformers.TrainingArguments(
        output_dir=scratch,
        num_train_epochs=spec.epochs,
        max_steps=spec.max_steps,
        per_device_train_batch_size=spec.batch_size,
        per_device_eval_batch_size=spec.batch_size,
        gradient_accumulation_steps=spec.grad_accum,
        learning_rate=spec.lr,
        warmup_steps=spec.warmup_steps,
        logging_steps=spec.logging_steps,
        eval_strategy="steps" if has_val else "no",
        eval_steps=spec.eval_steps,
        save_strategy="steps" if has_val else "no",
        save_steps=spec.eval_steps,
        save_only_model=True,
        load_best_model_at_end=has_val,
        metric_for_best_model="eval_loss" if has_val else None,
        greater_is_better=False,
        bf16=spec.precision == "bf16",
        fp16=spec.precision == "fp16",
        use_cpu=device == "cpu",
        seed=spec.seed,
        data_seed=spec.seed,
        report_to="none",
        disable_tqdm=True,
        remove_unused_columns=False,
        include_num_input_tokens_seen="non_padding",
        dataloader_num_workers=0,
    )
    trainer = transformers.Trainer(
        model=model,
        args=args,
        train_dataset=train_set,
        eval_dataset=val_set,
        data_collator=rows.PadCollator(tokenizer.pad_token_id),
        callbacks=[log],
    )
    trainer.remove_callback(transformers.trainer_callback.PrinterCallback)
    return trainer


def fit(trainer, log, has_val):
    """fit evaluates the base model, trains, evaluates the kept adapter and
    returns the metrics that describe the run."""
    import peft
    import torch
    import transformers

    initial = trainer.evaluate()["eval_loss"] if has_val else None
    log.phase = "train"
    result = trainer.train()
    log.phase = "final"
    final = trainer.evaluate()["eval_loss"] if has_val else None
    state = trainer.state
    runtime = result.metrics.get("train_runtime") or 0.0
    tokens = int(state.num_input_tokens_seen)
    return {
        "train_loss": log.train,
        "eval_loss": log.evals,
        "best_step": state.best_global_step if has_val else None,
        "best_eval_loss": state.best_metric if has_val else None,
        "final_eval_loss": final,
        "initial_eval_loss": initial,
        "wall_s": None,
        "train_tokens": tokens,
        "tokens_per_s": round(tokens / runtime, 1) if runtime > 0 else None,
        "steps": state.global_step,
        "trainer_version": TRAINER_VERSION,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__},
    }


def save_adapter(model, output_dir, scratch):
    """save_adapter writes the adapter's two files into output_dir, each by
    rename so a reader never sees half a file."""
    staging = os.path.join(scratch, "final")
    model.save_pretrained(staging)
    for name in ("adapter_model.safetensors", "adapter_config.json"):
        os.replace(os.path.join(staging, name), os.path.join(output_dir, name))


def write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
