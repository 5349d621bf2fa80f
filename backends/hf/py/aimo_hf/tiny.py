"""Build a tiny, randomly initialised Llama-style model with its own tokenizer.

    python -m aimo_hf.tiny --out DIR [--seed 0] [--corpus FILE]

The model exists so that training, serving and the code that drives them can
be tested end to end on a CPU in seconds, with nothing downloaded. Its
tokenizer is a byte-level BPE trained here on a built-in corpus of digits,
LaTeX and English math words (plus the text of --corpus when given), with
<|bos|>, <|eos|>, <|pad|> and chat role markers as special tokens and a chat
template, so apply_chat_template works as it does for real chat models.

Contract:
- DIR is written atomically: the model is built in a sibling DIR.tmp-XXXX and
  renamed into place. When DIR already holds a complete model nothing is
  written, and stderr says so.
- The same seed (and corpus) gives a byte-identical model.safetensors.
- The last stdout line is {"event":"done","path":DIR,"params":N,"created":bool}.
- Exit codes: 0 done, 2 bad usage (DIR exists but is not a model, a missing
  corpus file or package).
"""

import argparse
import os
import shutil
import sys
import tempfile

from .common import UsageError, claim_stdout, fail, import_package

BOS, EOS, PAD, END = "<|bos|>", "<|eos|>", "<|pad|>", "<|end|>"
ROLES = ("system", "user", "assistant")
SPECIAL_TOKENS = [BOS, EOS, PAD, END] + [f"<|{r}|>" for r in ROLES]
VOCAB_SIZE = 1536

# CHAT_TEMPLATE renders each turn as a role marker, a newline, the content
# and <|end|>; with add_generation_prompt it ends in an open assistant turn.
CHAT_TEMPLATE = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "<|{{ message['role'] }}|>\n{{ message['content'] }}<|end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)

# MODEL_SHAPE is small enough to train on a CPU in seconds and has the
# features real models have that code can trip on: grouped-query attention
# (2 kv heads for 4 heads) and untied input and output embeddings.
MODEL_SHAPE = dict(
    hidden_size=64,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    intermediate_size=128,
    max_position_embeddings=2048,
    tie_word_embeddings=False,
)

# COMPLETE_FILES are what a finished model directory holds.
COMPLETE_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")

LATEX = r"""
\frac{1}{2} \frac{a}{b} \dfrac{3}{4} \sqrt{2} \sqrt{x^2+y^2} \sqrt[3]{8} \boxed{42} \boxed{\frac{7}{3}}
\cdot \times \div \pm \mp \le \ge \leq \geq \ne \neq \approx \equiv \pmod{7} \mod \binom{n}{k} \choose
\sum_{i=1}^{n} i \prod_{k=1}^{n} k \int_0^1 x\,dx \lim_{x\to 0} \infty \pi \theta \alpha \beta \gamma
\log_2 8 \ln x \sin x \cos x \tan x \left( \right) \left[ \right] \{ \} | x | \lfloor x \rfloor \lceil x \rceil
\angle ABC \triangle ABC \circ 90^\circ \overline{AB} \cdots \ldots \text{ and } \quad \mathbb{R} \in \cup \cap
$x^2 + 2x + 1 = (x+1)^2$ $a_n = a_{n-1} + d$ $f(x) = 3x - 5$ $\frac{n(n+1)}{2}$ \begin{align*} \end{align*}
"""

WORDS = """
the a an of and or is are be to in on for with that this which find what how many
number numbers integer integers positive negative real complex prime primes digit digits
sum product difference quotient remainder divisor divisors multiple factor factors
equation equations inequality solve solution solutions value values variable expression
function polynomial root roots coefficient degree term terms sequence series arithmetic
geometric ratio fraction fractions decimal percent probability expected random choose
triangle circle square rectangle polygon angle angles side sides area perimeter radius
diameter volume length width height point points line lines parallel perpendicular
let suppose given if then therefore so thus hence since because we have get compute
answer greatest least smallest largest minimum maximum total each every all some
distinct ordered pairs real even odd consecutive base modulo divisible exactly
"""


def corpus_lines(extra_text=""):
    """corpus_lines is the tokenizer's training text: numbers, arithmetic,
    LaTeX, math English, chat-shaped text and any extra text given."""
    lines = [" ".join(str(n) for n in range(start, start + 50)) for start in range(0, 1000, 50)]
    lines += [f"{a} + {b} = {a + b}, {a} \\times {b} = {a * b}" for a in range(1, 30) for b in range(1, 30, 7)]
    lines += LATEX.strip().splitlines() + [" ".join(WORDS.split())] * 3
    lines += [f"Find the value of $x$ if $x + {n} = {2 * n}$. The answer is $\\boxed{{{n}}}$." for n in range(40)]
    return lines + extra_text.splitlines()


def train_tokenizer(extra_text=""):
    """train_tokenizer trains the byte-level BPE and wraps it for transformers."""
    tokenizers = import_package("tokenizers")
    transformers = import_package("transformers")
    from tokenizers import decoders, models, pre_tokenizers, processors, trainers

    tok = tokenizers.Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus_lines(extra_text), trainer=trainer)
    # The post-processor puts <|bos|> in front of plain text the way Llama's
    # tokenizer does; rendered chats carry their own and are encoded without.
    bos_id = tok.token_to_id(BOS)
    tok.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B", special_tokens=[(BOS, bos_id)]
    )
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token=BOS,
        eos_token=EOS,
        pad_token=PAD,
        additional_special_tokens=SPECIAL_TOKENS[3:],
        chat_template=CHAT_TEMPLATE,
        model_max_length=MODEL_SHAPE["max_position_embeddings"],
    )


def build_model(tokenizer, seed):
    """build_model creates the randomly initialised model; torch's global
    generator is seeded first, which makes the weights a function of seed."""
    torch = import_package("torch")
    transformers = import_package("transformers")
    transformers.utils.logging.disable_progress_bar()
    ids = {name: tokenizer.convert_tokens_to_ids(tok) for name, tok in (("bos", BOS), ("eos", EOS), ("pad", PAD), ("end", END))}
    config = transformers.LlamaConfig(
        vocab_size=len(tokenizer),
        bos_token_id=ids["bos"],
        eos_token_id=ids["eos"],
        pad_token_id=ids["pad"],
        **MODEL_SHAPE,
    )
    torch.manual_seed(seed)
    model = transformers.LlamaForCausalLM(config)
    # A chat turn ends with <|end|>, plain text with <|eos|>: generation stops at either.
    model.generation_config = transformers.GenerationConfig(
        bos_token_id=ids["bos"], eos_token_id=[ids["eos"], ids["end"]], pad_token_id=ids["pad"]
    )
    return model


def complete(path):
    """complete says whether path holds every file a built model has."""
    return all(os.path.isfile(os.path.join(path, f)) for f in COMPLETE_FILES)


def build(out, seed=0, corpus=None):
    """build writes the tiny model to out unless it is already there and
    returns (parameter count, whether it was created now)."""
    out = os.path.abspath(out)
    if os.path.exists(out):
        if not complete(out):
            raise UsageError(f"{out} exists but is not a complete model; remove it or choose another --out")
        return count_params(out), False
    extra = read_corpus(corpus)
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=os.path.basename(out) + ".tmp-", dir=parent)
    os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp's 0700 would outlive the rename.
    try:
        tokenizer = train_tokenizer(extra)
        model = build_model(tokenizer, seed)
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        params = sum(p.numel() for p in model.parameters())
        try:
            os.rename(tmp, out)
        except OSError:
            # Another builder finished first; its model is as good as ours.
            if not complete(out):
                raise
            return params, False
        return params, True
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_corpus(path):
    if path is None:
        return ""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise UsageError(f"--corpus {path}: {e.strerror.lower()}") from None


def count_params(path):
    """count_params counts the parameters stored in a built model's weights."""
    from safetensors import safe_open

    with safe_open(os.path.join(path, "model.safetensors"), framework="numpy") as f:
        total = 0
        for name in f.keys():
            n = 1
            for dim in f.get_slice(name).get_shape():
                n *= dim
            total += n
        return total


def main(argv=None):
    events = claim_stdout()
    parser = argparse.ArgumentParser(prog="python -m aimo_hf.tiny", description="Build a tiny random Llama-style model.")
    parser.add_argument("--out", required=True, help="directory to create")
    parser.add_argument("--seed", type=int, default=0, help="seed for the random weights")
    parser.add_argument("--corpus", help="extra text file to train the tokenizer on")
    args = parser.parse_args(argv)
    try:
        params, created = build(args.out, args.seed, args.corpus)
    except UsageError as e:
        return fail(events, "aimo-tiny", str(e), 2)
    if not created:
        print(f"aimo-tiny: {os.path.abspath(args.out)} already holds a model; nothing to do", file=sys.stderr)
    events.emit("done", path=os.path.abspath(args.out), params=params, created=created)
    return 0


if __name__ == "__main__":
    sys.exit(main())
