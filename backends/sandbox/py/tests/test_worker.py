"""The worker's protocol, driven the way aimo's Go side drives it: a real
subprocess, JSON lines on its stdin and stdout, the capture file as stderr."""

import json
import os
import subprocess
import sys
import tempfile

import pytest

WORKER = os.path.join(os.path.dirname(__file__), "..", "aimo_sandbox", "worker.py")


class Worker:
    def __init__(self, tmp_path, **cfg):
        self.capture = tempfile.TemporaryFile(dir=tmp_path)
        config = {"dir": str(tmp_path), "max_output": 4096, **cfg}
        self.proc = subprocess.Popen([sys.executable, "-B", WORKER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.capture, cwd=tmp_path)
        self.next_id = 0
        self.send({"config": config})
        self.hello = self.recv()["hello"]

    def send(self, msg):
        self.proc.stdin.write(json.dumps(msg).encode() + b"\n")
        self.proc.stdin.flush()

    def recv(self):
        line = self.proc.stdout.readline()
        assert line, "worker exited: %r" % self.stderr()
        return json.loads(line)

    def stderr(self):
        self.capture.seek(0)
        return self.capture.read().decode()

    def run(self, code):
        self.next_id += 1
        self.send({"id": self.next_id, "code": code})
        reply = self.recv()
        assert reply["id"] == self.next_id
        return reply

    def close(self):
        self.proc.stdin.close()
        code = self.proc.wait(timeout=10)
        self.capture.close()
        return code


@pytest.fixture
def worker(tmp_path):
    w = Worker(tmp_path)
    yield w
    w.close()


def test_hello_names_python_and_reports_a_missing_module(tmp_path):
    w = Worker(tmp_path, modules=["no_such_module_aimo"])
    assert w.hello["python"] == "%d.%d.%d" % sys.version_info[:3]
    assert w.hello["modules"]["no_such_module_aimo"] is None
    assert set(w.hello["modules"]) >= {"sympy", "numpy", "mpmath"}
    assert w.hello["protections"]["network"]["active"] is False
    assert w.hello["protections"]["network"]["detail"].startswith("NOT isolated")
    assert w.close() == 0


def test_module_version_matches_the_installed_distribution(worker):
    pytest.importorskip("sympy")
    import sympy
    assert worker.hello["modules"]["sympy"] == sympy.__version__


def test_state_persists_across_cells(worker):
    worker.run("x = 41")
    assert worker.run("print(x + 1)")["output"] == "42\n"


def test_final_expression_is_shown_like_a_notebook(worker):
    assert worker.run("y = 2\ny * 21")["output"] == "42\n"
    assert worker.run("'a' + 'b'")["output"] == "'ab'\n"
    assert worker.run("None")["output"] == ""
    assert worker.run("print('p')")["output"] == "p\n"


def test_exception_returns_the_traceback_and_state_survives(worker):
    worker.run("z = 7")
    r = worker.run("def f():\n    return 1 / 0\nf()")
    assert r["output"] == ""
    assert r["error"].startswith("Traceback (most recent call last):")
    assert 'File "<cell 2>", line 3' in r["error"]
    assert "return 1 / 0" in r["error"]
    assert r["error"].endswith("ZeroDivisionError: division by zero")
    assert "worker.py" not in r["error"]
    assert worker.run("z")["output"] == "7\n"


def test_output_before_an_exception_is_kept(worker):
    r = worker.run("print('before')\nraise ValueError('bad')")
    assert r["output"] == "before\n"
    assert r["error"].endswith("ValueError: bad")


def test_syntax_error_is_reported_without_worker_frames(worker):
    r = worker.run("x = (1,")
    assert "SyntaxError" in r["error"]
    assert "ast.py" not in r["error"] and "worker.py" not in r["error"]


def test_long_traceback_keeps_its_last_lines(tmp_path):
    w = Worker(tmp_path, traceback_lines=6)
    r = w.run("def f(n):\n    return f(n - 1) if n else {}['k']\nf(50)")
    lines = r["error"].splitlines()
    assert len(lines) == 7
    assert lines[0].endswith("earlier traceback lines not shown]")
    assert lines[-1] == "KeyError: 'k'"
    w.close()


def test_writes_to_fd_1_and_2_are_captured(worker):
    r = worker.run("import os\n_ = os.write(1, b'a\\n')\n_ = os.write(2, b'b\\n')")
    assert r["output"] == "a\nb\n"


def test_stderr_lands_after_the_prints_before_it(worker):
    r = worker.run("import sys, warnings\nprint('a')\nsys.stderr.write('b\\n')\nprint('c')\nwarnings.warn('d')")
    lines = r["output"].splitlines()
    assert lines[:3] == ["a", "b", "c"]
    assert "UserWarning: d" in lines[3]


def test_closing_fd_1_does_not_break_the_next_cell(worker):
    r = worker.run("import os, sys\nos.close(1)\nos.close(2)\nprint('lost')")
    assert r["error"] != "" or r["output"] == ""
    assert worker.run("print('back')")["output"] == "back\n"
    worker.run("import sys\nsys.stdout.close()\nsys.stdout = None")
    assert worker.run("print('again')")["output"] == "again\n"


def test_subprocess_output_is_captured(worker):
    r = worker.run("import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'print(5)'])")
    assert r["output"].startswith("5\n")


def test_input_reads_end_of_file(worker):
    assert "EOFError" in worker.run("input()")["error"]


def test_system_exit_is_an_error_not_a_dead_worker(worker):
    assert worker.run("import sys\nsys.exit(3)")["error"].endswith("SystemExit: 3")
    assert worker.run("print('alive')")["output"] == "alive\n"


def test_a_forked_child_never_answers(worker):
    r = worker.run("import os\npid = os.fork()\nprint('parent' if pid else 'child')\nif pid: os.waitpid(pid, 0)")
    assert sorted(r["output"].split()) == ["child", "parent"]
    assert worker.run("print('next')")["output"] == "next\n"


def test_big_output_is_truncated_with_a_notice(worker):
    r = worker.run("for i in range(1000000):\n    print(i)")
    assert r["truncated"] is True
    assert r["output"].startswith("0\n1\n2\n")
    assert r["output"].endswith("999999\n")
    assert "... [output truncated:" in r["output"]
    assert len(r["output"]) < 4096 + 100
    assert worker.run("print(1)")["output"] == "1\n"


def test_clip_matches_the_shared_golden_file():
    from aimo_sandbox import output
    data = b"".join(b"line %d \xc3\xa9\n" % i for i in range(1, 301))
    text, truncated = output.clip(data[:500], data[-500:], len(data), 500)
    golden = os.path.join(os.path.dirname(__file__), "..", "..", "testdata", "clip-lines.txt")
    with open(golden, encoding="utf-8") as f:
        assert text == f.read()
    assert truncated


def test_clip_never_splits_a_utf8_character():
    from aimo_sandbox import output
    data = "é" * 1000
    raw = data.encode()
    text, _ = output.clip(raw[:101], raw[-101:], len(raw), 101)
    assert "\ufffd" not in text


def test_cpu_limit_raises_in_the_cell_and_keeps_state(tmp_path):
    w = Worker(tmp_path, cpu_seconds=1)
    w.run("kept = 5")
    r = w.run("while True:\n    pass")
    assert "CPUTimeExceeded" in r["error"]
    assert w.run("kept")["output"] == "5\n"
    w.close()


def test_preload_runs_before_hello_and_is_not_cell_1(tmp_path):
    w = Worker(tmp_path, preload="import math\nloaded = math.pi")
    assert w.hello.get("preload_error") == ""
    r = w.run("round(loaded, 2)\n")
    assert r["output"] == "3.14\n"
    assert 'File "<cell 2>"' in w.run("1/0")["error"]
    w.close()


def test_bad_request_gets_an_error_reply_and_the_worker_goes_on(worker):
    worker.proc.stdin.write(b"not json\n")
    worker.proc.stdin.flush()
    assert worker.recv()["error"].startswith("aimo sandbox protocol:")
    assert worker.run("print(2)")["output"] == "2\n"


def test_unicode_round_trips(worker):
    assert worker.run("print('π ≈ 3.14159, ∑')")["output"] == "π ≈ 3.14159, ∑\n"


def test_sigusr1_flushes_a_running_cell_and_acknowledges(worker):
    import signal, time
    worker.next_id += 1
    worker.send({"id": worker.next_id, "code": "import time\nprint('so far')\ntime.sleep(30)"})
    time.sleep(0.5)
    worker.proc.send_signal(signal.SIGUSR1)
    assert worker.recv() == {"flushed": True}
    assert worker.stderr() == "so far\n"
    worker.proc.kill()


def test_cell_number_from_aimo_names_the_traceback(worker):
    worker.next_id += 1
    worker.send({"id": worker.next_id, "code": "1/0", "cell": 7})
    assert 'File "<cell 7>", line 1' in worker.recv()["error"]


def test_enterable_follows_mode_bits_and_owner():
    import shutil
    from aimo_sandbox import isolate
    top = tempfile.mkdtemp(dir="/tmp")  # /tmp itself is open to everyone
    try:
        os.chmod(top, 0o755)
        closed = os.path.join(top, "closed")
        inner = os.path.join(closed, "inner")
        os.makedirs(inner)
        os.chmod(closed, 0o700)
        owner = os.stat(closed).st_uid
        assert isolate.enterable(inner, owner)
        assert not isolate.enterable(inner, owner + 12345)
        assert not isolate.enterable(os.path.join(top, "missing"), owner)
        assert isolate.closed_ancestor(inner) == closed
        assert isolate.closed_ancestor(closed) is None
    finally:
        shutil.rmtree(top)
