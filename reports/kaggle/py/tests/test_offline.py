"""The notebook's offline set-up: wheels only when vLLM is missing, tiktoken
pointed at the attached encodings, every weight file read once."""
import os
import subprocess

import offline


def test_wheels_install_only_what_is_missing(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda args, check: calls.append(args))
    offline.install_wheels({})
    offline.install_wheels({"wheels": str(tmp_path), "packages": ["json"]})
    assert calls == []
    offline.install_wheels({"wheels": str(tmp_path), "packages": ["surely-not-installed"]})
    assert len(calls) == 1
    assert calls[0][1:] == ["-m", "pip", "install", "--no-index", "--find-links", str(tmp_path), "surely-not-installed"]


def test_tiktoken_points_at_the_attached_encodings(monkeypatch, tmp_path):
    monkeypatch.delenv("TIKTOKEN_ENCODINGS_BASE", raising=False)
    monkeypatch.delenv("TIKTOKEN_RS_CACHE_DIR", raising=False)
    offline.use_tiktoken({"tiktoken": str(tmp_path)})
    assert os.environ["TIKTOKEN_ENCODINGS_BASE"] == str(tmp_path)
    assert os.environ["TIKTOKEN_RS_CACHE_DIR"] == str(tmp_path)


def test_preload_reads_every_weight_file_once(monkeypatch, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.safetensors").write_bytes(b"x" * 10)
    (tmp_path / "sub" / "b.safetensors").write_bytes(b"y" * 30)
    (tmp_path / "config.json").write_text("{}")
    assert offline.weight_files(str(tmp_path)) == [str(tmp_path / "sub" / "b.safetensors"), str(tmp_path / "a.safetensors")]
    assert offline.weight_files("openai/gpt-oss-120b") == []
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda f, mode="r": opened.append(f) or real_open(f, mode))
    offline.preload([str(tmp_path), None, "missing"]).join(10)
    assert sorted(opened) == sorted(offline.weight_files(str(tmp_path)))


def test_the_gateway_comes_from_the_competition_data(monkeypatch, tmp_path):
    comp = tmp_path / "ai-mathematical-olympiad-progress-prize-3"
    (comp / "kaggle_evaluation").mkdir(parents=True)
    (comp / "kaggle_evaluation" / "__init__.py").write_text("")
    monkeypatch.setattr(offline.sys, "path", list(offline.sys.path))
    offline.find_gateway({"local_test_csv": str(comp / "test.csv")})
    assert offline.importlib.util.find_spec("kaggle_evaluation").origin == str(comp / "kaggle_evaluation" / "__init__.py")
