"""Training rows: reading them, checking them, and turning them into tokens.

A row is either a chat, {"messages": [{"role", "content"}, ...]} ending in an
assistant turn, or a completion pair, {"prompt": str, "target": str}. The
model learns only the answer: the final assistant turn of a chat (rendered by
the tokenizer's chat template, with its end-of-turn marker) or the target
followed by the end-of-sequence token. Every other position is labelled
IGNORE so the loss skips it.

Rows are checked in full before any model is loaded, so a malformed line is
reported as file:line with the key at fault, in a second, not after an hour.
"""

import json
import os

from .common import UsageError

IGNORE = -100


def read(path, what):
    """read returns the checked rows of the JSONL file at path; what names
    the spec key it came from, for messages."""
    if not os.path.isfile(path):
        raise UsageError(f"{what} {path} does not exist")
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                rows.append(parse(line, f"{path}:{number}"))
    if not rows:
        raise UsageError(f"{what} {path} has no rows")
    return rows


def parse(line, where):
    """parse decodes and checks one row; where is its file:line."""
    try:
        row = json.loads(line)
    except ValueError as e:
        raise UsageError(f"{where}: not valid JSON ({e})") from None
    if not isinstance(row, dict):
        raise UsageError(f"{where}: a row must be a JSON object")
    if "messages" in row:
        check_messages(row["messages"], where)
        return {"messages": row["messages"]}
    if "prompt" not in row and "target" not in row:
        raise UsageError(f'{where}: missing key "messages" (or "prompt" and "target")')
    for key in ("prompt", "target"):
        if key not in row:
            raise UsageError(f'{where}: missing key "{key}"')
        if not isinstance(row[key], str):
            raise UsageError(f'{where}: "{key}" must be a string')
    return {"prompt": row["prompt"], "target": row["target"]}


def check_messages(messages, where):
    if not isinstance(messages, list) or not messages:
        raise UsageError(f'{where}: "messages" must be a non-empty list')
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            raise UsageError(f"{where}: messages[{i}] must be an object")
        for key in ("role", "content"):
            if key not in m:
                raise UsageError(f'{where}: messages[{i}] is missing key "{key}"')
            if not isinstance(m[key], str):
                raise UsageError(f'{where}: messages[{i}].{key} must be a string')
    if messages[-1]["role"] != "assistant":
        raise UsageError(f'{where}: the last message must be from the assistant, got "{messages[-1]["role"]}"')


def encode(tokenizer, row, max_len):
    """encode turns a row into input_ids and labels, cut to max_len tokens.
    It returns None when the cut leaves no answer token to learn from."""
    if "messages" in row:
        prompt, answer = chat_parts(tokenizer, row["messages"])
    else:
        prompt = tokenizer(row["prompt"]).input_ids
        answer = tokenizer(row["target"], add_special_tokens=False).input_ids + [tokenizer.eos_token_id]
    ids = (prompt + answer)[:max_len]
    labels = ([IGNORE] * len(prompt) + answer)[:max_len]
    if all(label == IGNORE for label in labels):
        return None
    return {"input_ids": ids, "labels": labels}


def chat_parts(tokenizer, messages):
    """chat_parts splits a rendered chat into the tokens before the final
    assistant turn (with the generation prompt) and the turn itself.

    The turn is the text the full rendering adds after the prompt, which
    keeps the template's end-of-turn marker. A template whose rendering of the
    earlier turns depends on what follows does not extend its prompt; then the
    turn is the assistant's content followed by the end-of-sequence token.
    """
    prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=False)
    full = tokenizer.apply_chat_template(messages, tokenize=False)
    if full.startswith(prompt):
        answer = full[len(prompt):]
    else:
        answer = messages[-1]["content"] + (tokenizer.eos_token or "")
    return _plain(tokenizer, prompt), _plain(tokenizer, answer)


def _plain(tokenizer, text):
    """_plain encodes rendered chat text, which carries its own special tokens."""
    return tokenizer(text, add_special_tokens=False).input_ids


class PadCollator:
    """PadCollator pads a batch on the right: input_ids with the pad token,
    labels with IGNORE, and an attention mask that hides the padding."""

    def __init__(self, pad_id):
        self.pad_id = pad_id

    def __call__(self, batch):
        import torch

        width = max(len(item["input_ids"]) for item in batch)
        out = {"input_ids": [], "attention_mask": [], "labels": []}
        for item in batch:
            pad = width - len(item["input_ids"])
            out["input_ids"].append(item["input_ids"] + [self.pad_id] * pad)
            out["attention_mask"].append([1] * len(item["input_ids"]) + [0] * pad)
            out["labels"].append(item["labels"] + [IGNORE] * pad)
        return {key: torch.tensor(value) for key, value in out.items()}
