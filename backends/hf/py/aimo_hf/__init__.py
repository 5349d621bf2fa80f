"""aimo_hf: aimo's programs on Hugging Face transformers.

Each module is a program aimo runs as `python -m aimo_hf.<name>`, with a JSON
contract on stdout and everything else on stderr:

- tiny: build a tiny random Llama-style model and tokenizer, no download.
- train: LoRA fine-tune with peft and the transformers Trainer from a JSON spec.
- serve: a small OpenAI-compatible server (vLLM's API) with LoRA adapters.

Importing the package is cheap: torch, transformers and peft are imported
only by the functions that need them, so a missing one becomes an error that
names it instead of a traceback.
"""
