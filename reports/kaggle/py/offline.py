# Offline set-up: a competition rerun has no internet, so everything comes
# from attached inputs. vLLM's wheels are installed when vLLM is missing,
# tiktoken is pointed at attached encodings (gpt-oss's harmony format needs
# them), and the weights are read into the page cache from parallel threads
# while the engine starts, as the fastest AIMO notebooks do.
import importlib.util
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")


def install_wheels(offline):
    """pip-installs the declared packages from the wheel directory, with no
    index, unless they are already importable."""
    wheels = offline.get("wheels")
    packages = offline.get("packages") or ["vllm"]
    if not wheels or all(importlib.util.find_spec(p.split("==")[0].replace("-", "_")) for p in packages):
        return
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-index", "--find-links", wheels, *packages], check=True)


def use_tiktoken(offline):
    """Points tiktoken (and openai_harmony) at the attached encodings."""
    d = offline.get("tiktoken")
    if d:
        os.environ.setdefault("TIKTOKEN_ENCODINGS_BASE", d)
        os.environ.setdefault("TIKTOKEN_RS_CACHE_DIR", d)


def weight_files(path):
    """The weight files under path, largest first; none when path is a hub
    id or missing."""
    if not os.path.isdir(path):
        return []
    files = [os.path.join(r, f) for r, _, fs in os.walk(path) for f in fs if f.endswith(WEIGHT_SUFFIXES)]
    return sorted(files, key=lambda f: -os.path.getsize(f))


def preload(paths, threads=16):
    """Reads every weight file once, in the background, so the engine's own
    load finds them in the page cache. Returns the thread."""
    files = [f for p in paths if p for f in weight_files(p)]

    def read(f):
        with open(f, "rb") as h:
            while h.read(1 << 24):
                pass

    def run():
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(read, files))

    t = threading.Thread(target=run, name="aimo-preload", daemon=True)
    t.start()
    return t


def find_gateway(cfg):
    """Makes the competition's kaggle_evaluation package importable from
    the attached competition data when it is not already."""
    comp = os.path.dirname(cfg["local_test_csv"])
    if importlib.util.find_spec("kaggle_evaluation") is None and os.path.isdir(os.path.join(comp, "kaggle_evaluation")):
        sys.path.append(comp)


def prepare_offline(cfg):
    """Everything before the engine loads: wheels, tiktoken, preloading."""
    offline = cfg.get("offline") or {}
    install_wheels(offline)
    use_tiktoken(offline)
    if offline.get("preload"):
        m = cfg["model"]
        preload([m["path"], (m.get("lora") or {}).get("path")])
