"""aimo_hf.tiny: a loadable, deterministic model whose tokenizer chats."""

import torch
import transformers

import pytest
from aimo_hf import tiny
from aimo_hf.common import UsageError
from conftest import run_program


def test_same_seed_gives_byte_identical_files(tiny_model, tmp_path):
    tiny.build(tmp_path / "again", seed=0)
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        assert (tmp_path / "again" / name).read_bytes() == (tiny_model / name).read_bytes(), name


def test_another_seed_gives_other_weights(tiny_model, tmp_path):
    tiny.build(tmp_path / "other", seed=1)
    assert (tmp_path / "other" / "model.safetensors").read_bytes() != (tiny_model / "model.safetensors").read_bytes()


def test_existing_model_is_left_alone(tiny_model):
    before = (tiny_model / "model.safetensors").stat().st_mtime_ns
    code, events, stderr = run_program("tiny", ["--out", str(tiny_model), "--seed", "5"])
    assert code == 0
    assert events == [{"event": "done", "path": str(tiny_model), "params": tiny.count_params(tiny_model), "created": False}]
    assert "already holds a model; nothing to do" in stderr
    assert (tiny_model / "model.safetensors").stat().st_mtime_ns == before


def test_incomplete_directory_is_refused(tmp_path):
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "config.json").write_text("{}")
    with pytest.raises(UsageError, match="exists but is not a complete model; remove it or choose another --out"):
        tiny.build(tmp_path / "half")


def test_model_loads_and_predicts_every_token(tiny_model):
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    model = transformers.AutoModelForCausalLM.from_pretrained(tiny_model)
    ids = tok("Find $x$ if $2x = 10$.", return_tensors="pt").input_ids
    assert ids[0, 0].item() == tok.bos_token_id
    with torch.no_grad():
        logits = model(ids).logits
    assert logits.shape == (1, ids.shape[1], len(tok))
    n_params = sum(p.numel() for p in model.parameters())
    assert n_params == tiny.count_params(tiny_model)
    assert 100_000 < n_params < 1_000_000
    assert model.config.num_key_value_heads < model.config.num_attention_heads


def test_chat_template_renders_roles_and_generation_prompt(tiny_model):
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    chat = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 2+2?"}]
    text = tok.apply_chat_template(chat, add_generation_prompt=True, tokenize=False)
    assert text == "<|bos|><|system|>\nBe brief.<|end|>\n<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n"
    closed = tok.apply_chat_template(chat, tokenize=False)
    assert not closed.endswith("<|assistant|>\n")
    ids = tok(text, add_special_tokens=False).input_ids
    for marker in ("<|bos|>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"):
        assert tok.convert_tokens_to_ids(marker) in ids, marker
    assert tok.decode(ids, skip_special_tokens=True) == "\nBe brief.\n\nWhat is 2+2?\n\n"


def test_tokenizer_round_trips_math_and_unicode(tiny_model):
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    text = r"Let $\frac{a}{b} \le \sqrt{2}$; then $\boxed{42}$ — été 😀"
    assert tok.decode(tok(text).input_ids, skip_special_tokens=True) == text
    assert 1000 <= len(tok) <= 2048


def test_corpus_teaches_the_tokenizer_new_words(tmp_path):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("quaternionic zonohedron\n" * 200)
    tiny.build(tmp_path / "with-corpus", corpus=str(corpus))
    plain = transformers.AutoTokenizer.from_pretrained(tmp_path / "with-corpus")
    assert len(plain(" zonohedron", add_special_tokens=False).input_ids) == 1
    default = tiny.train_tokenizer()
    assert len(default(" zonohedron", add_special_tokens=False).input_ids) > 1
