"""The notebook's sandbox: aimo's worker driven as the sweep drives it,
with the same limits and the same texts for what goes wrong."""
import os
import threading
import time

import pytest

from notebook_cells import SANDBOX_SRC, load

nb = load("sandbox.py", "sandbox_worker.py", "sandbox_pool.py")
LIMITS = {"timeout_s": 1.5, "timeout_text": "1.5s", "cpu_seconds": 2, "memory_bytes": 512 << 20, "max_procs": 64,
          "max_file_bytes": 1 << 20, "max_output": 300, "traceback_lines": 30}


@pytest.fixture
def pool(tmp_path):
    p = nb.SandboxPool(LIMITS, SANDBOX_SRC, temp_dir=str(tmp_path))
    yield p
    p.close()


def marked(marker):
    """Pids of live processes whose command line carries marker."""
    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if marker.encode() in f.read():
                    out.append(pid)
        except OSError:
            pass
    return out


def test_state_carries_from_cell_to_cell(pool):
    s = pool.session()
    assert s.run("x = 6 * 7\nprint(x)").text() == "42\n"
    assert s.run("x + 1").text() == "43\n"
    s.close()


def test_a_timeout_shows_what_was_printed_then_resets(pool, tmp_path):
    s = pool.session()
    s.run("x = 1")
    start = time.monotonic()
    r = s.run("print('started')\nwhile True:\n    pass")
    assert time.monotonic() - start < 3
    assert r.timed_out and r.reset
    assert r.text() == ("started\nTimeoutError: the cell ran longer than 1.5s and was stopped. "
                        "The Python state was reset: variables, functions and imports from earlier cells are gone.")
    assert "NameError" in s.run("print(x)").text()
    s.close()
    pool.close()
    assert marked(pool.marker) == []
    assert [d for d in os.listdir(tmp_path) if d.startswith("aimo-sandbox-%d-" % os.getpid())] == []


def test_long_output_is_clipped_with_a_notice(pool):
    r = pool.session().run("for i in range(1000):\n    print(i)")
    assert r.truncated and len(r.output.encode()) < 400
    assert r.output.startswith("0\n1\n") and r.output.endswith("998\n999\n")
    assert "... [output truncated: " in r.output


def test_a_dead_process_is_reported_and_replaced(pool):
    s = pool.session()
    r = s.run("import os\nos._exit(3)")
    assert r.reset and r.error.startswith("the Python process exited with status 3.")
    r = s.run("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    assert r.error.startswith("the Python process was killed by signal 9 (killed); running out of memory")
    assert s.run("print('alive')").text() == "alive\n"


def test_the_code_sees_no_secret(pool, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    monkeypatch.setenv("AIMO_TOKEN", "t")
    s = pool.session()
    out = s.run("import os\nprint(sorted(os.environ))").text()
    assert "OPENAI_API_KEY" not in out and "AIMO_TOKEN" not in out and "HOME" in out


def test_without_namespaces_it_says_so_and_still_runs(monkeypatch):
    # Without a mount namespace a root notebook's sandbox user must be able
    # to read the interpreter and its folder where they are (the worker
    # refuses otherwise), so this uses the system's Python and temp folder.
    python = "/usr/bin/python3" if os.geteuid() == 0 else None
    if python and not os.path.exists(python):
        pytest.skip("running as root without /usr/bin/python3")
    monkeypatch.setenv("AIMO_SANDBOX_NAMESPACES", "0")
    p = nb.SandboxPool(LIMITS, SANDBOX_SRC, python=python)
    try:
        net = p.hello["protections"]["network"]
        assert not net["active"] and "AIMO_SANDBOX_NAMESPACES=0" in net["detail"]
        assert p.session().run("print(2 + 2)").text() == "4\n"
    finally:
        p.close()


def test_closing_a_session_stops_a_running_cell(tmp_path):
    p = nb.SandboxPool(dict(LIMITS, timeout_s=30, timeout_text="30s"), SANDBOX_SRC, temp_dir=str(tmp_path))
    s = p.session()
    errors = []

    def run():
        try:
            s.run("while True:\n    pass")
        except nb.SandboxError as e:
            errors.append(e)

    t = threading.Thread(target=run)
    t.start()
    time.sleep(0.5)
    s.close()
    t.join(5)
    assert not t.is_alive() and errors
    p.close()


def test_install_writes_sources_every_user_can_read(tmp_path):
    src = {"aimo_sandbox/__init__.py": "", "aimo_sandbox/worker.py": "print(1)\n"}
    top = nb.install_sandbox(src, str(tmp_path))
    assert nb.install_sandbox(src, str(tmp_path)) == top
    assert os.stat(top).st_mode & 0o755 == 0o755
    assert os.stat(os.path.join(top, "aimo_sandbox", "worker.py")).st_mode & 0o644 == 0o644
