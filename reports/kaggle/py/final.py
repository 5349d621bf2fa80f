# Final answers: a port of aimo's answer.Final. An attempt cut off at its
# token limit abstains; gpt-oss's harmony output answers from its last final
# channel message, <think> output from what follows the last </think>, and
# reasoning never votes.
_HARMONY_FINAL = "<|channel|>final<|message|>"
_HARMONY_ENDS = ("<|return|>", "<|end|>", "<|call|>")


def final_text(text, finish_reason=None):
    """The part of an output answers are extracted from; "" when the
    attempt has no final answer to give."""
    if finish_reason == "length":
        return ""
    i = text.rfind(_HARMONY_FINAL)
    if i >= 0:
        msg = text[i + len(_HARMONY_FINAL):]
        for end in _HARMONY_ENDS:
            j = msg.find(end)
            if j >= 0:
                msg = msg[:j]
        return msg
    if "<|channel|>" in text:
        return ""
    i = text.rfind("</think>")
    if i >= 0:
        return text[i + len("</think>"):]
    if "<think>" in text:
        return ""
    return text
