"""The notebook's text tool loop: the fence rules of aimo's Go loop, the
limits that end a conversation, and attempts that keep decoding while
another attempt's code runs."""
import threading
import time

import pytest

from notebook_cells import load

nb = load("textloop.py", "toolrun.py")


@pytest.mark.parametrize("text,start,code", [
    ("Let me check.\n```python\nprint(1)\n```\n", 0, "print(1)\n"),
    ("```python\nx = 2\n```\n\n  ", 0, "x = 2\n"),
    ("```python\nx = 2\n```", 0, "x = 2\n"),
    ("```py\na\n```\n```python3\nb\n```\n", 0, "b\n"),
    ("```python title=x\nc\n```\n", 0, "c\n"),
    ("  ```python\n  d\n  ```\n", 0, "  d\n"),
    ("```python\nprint(1)\n```\nSo the answer is 1.", 0, None),
    ("```text\nhello\n```\n", 0, None),
    ("```python\nprint(1)\n", 0, None),
    ("```python\nprint(1)\n```\n", 3, None),
    ("```python\nprint(1)\n```\n```output\n1\n```\n", 0, None),
    ("```python\ns = '''\n```js\n'''\n```\n", 0, "s = '''\n```js\n'''\n"),
    ("The answer is \\boxed{3}.", 0, None),
    ("```python\nx = 1\n```\x1c", 0, None),  # not white space to Go
])
def test_ending_code_follows_the_sweep(text, start, code):
    assert nb.ending_code(text, start) == code


def test_output_blocks_sit_on_their_own_lines():
    assert nb.output_block("```\n", "42\n") == "```output\n42\n```\n"
    assert nb.output_block("```", "42") == "\n```output\n42\n```\n"
    assert nb.output_block("```\n", "") == "```output\n```\n"


class Shown:
    def __init__(self, text):
        self.output, self.error, self.truncated, self.timed_out, self.reset, self.duration_s = text, "", False, False, False, 0.01

    def text(self):
        return self.output


def test_a_fence_cut_by_the_stop_is_put_back_and_runs():
    c = nb.TextConversation(0, "Q: ", 5, 100, 4)
    assert c.next_turn() == ("Q: ", 100)
    assert c.take("Try.\n```python\nprint(1)\n", "stop", "```\n", 6) == "print(1)\n"
    c.answer(Shown("1\n"))
    assert c.next_turn() == ("Q: Try.\n```python\nprint(1)\n```\n```output\n1\n```\n", 94)
    assert c.take("\\boxed{1}", "stop", None, 1) is None
    assert c.done and c.next_turn() is None and c.stats()["calls"] == 1


def test_a_fence_left_open_by_another_stop_ends_the_conversation():
    c = nb.TextConversation(0, "Q: ", 5, 100, 4)
    assert c.take("```python\nprint(5)\n", "stop", "```output", 3) is None
    assert c.done and c.transcript == "```python\nprint(5)\n"


def test_the_round_limit_leaves_the_last_call_unanswered():
    c = nb.TextConversation(0, "Q: ", 5, 100, 2)
    for _ in range(2):
        c.next_turn()
        assert c.take("```python\nprint(1)\n", "stop", "```\n", 2)
        c.answer(Shown("1\n"))
    assert c.take("```python\nprint(1)\n", "stop", "```\n", 2) is None
    assert c.calls()[-1]["unanswered"] and "max_rounds 2" in c.turns[-1]["stop"] and c.done


def test_the_token_budget_is_the_whole_conversations():
    c = nb.TextConversation(0, "Q: ", 5, 10, 8)
    assert c.take("```python\nprint(1)\n", "stop", "```\n", 6)
    c.answer(Shown("1\n"))
    assert c.next_turn()[1] == 4
    assert c.take("more words", "length", None, 4) is None
    assert "token budget (max_tokens 10)" in c.turns[-1]["stop"] and c.finish_reason() == "length"


class Output:
    def __init__(self, text, stop_reason):
        self.text, self.finish_reason, self.stop_reason, self.token_ids, self.logprobs = text, "stop", stop_reason, [1, 2], None


class Req:
    def __init__(self, rid, text, stop_reason):
        self.request_id, self.finished, self.outputs = rid, True, [Output(text, stop_reason)]


class Engine:
    """Attempt 0 writes slow code, then answers; attempt 1 answers at once."""

    def __init__(self):
        self.pending, self.log = [], []

    def add_request(self, rid, prompt, params, lora_request=None):
        attempt = int(rid.split("-")[1])
        if attempt == 0 and "```output" not in prompt:
            self.pending.append(Req(rid, "```python\nslow()\n", "```\n"))
        else:
            self.pending.append(Req(rid, "\\boxed{%d}" % attempt, None))

    def step(self):
        out, self.pending = self.pending[:1], self.pending[1:]
        self.log += [(r.request_id, time.monotonic()) for r in out]
        return out


class SlowPool:
    def __init__(self):
        self.threads = set()

    def session(self):
        pool = self

        class S:
            def run(self, code):
                pool.threads.add(threading.current_thread().name)
                time.sleep(0.3)
                return Shown("done\n")

            def close(self):
                pass
        return S()


def test_attempts_decode_while_another_attempts_code_runs():
    engine, pool = Engine(), SlowPool()
    run = nb.ToolRun(engine, pool, lambda conv, mt: {"max_tokens": mt}, "p")
    for i in range(2):
        run.add(nb.TextConversation(i, "Q: ", 10 + i, 50, 4))
    ended, start = [], time.monotonic()
    while run.active():
        ended += [(c.attempt, time.monotonic() - start) for c in run.step()]
    assert [a for a, _ in ended] == [1, 0]
    assert ended[0][1] < 0.2 < ended[1][1]
    assert pool.threads == {"aimo-attempt-0"}
    assert run.close() == []
