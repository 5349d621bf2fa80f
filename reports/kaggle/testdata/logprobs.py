"""Writes logprobs.json: real top-k logprobs from a model's forward passes,
for the entropy parity test. The model is a small randomly initialised
Llama (seeded, no download) sampled at temperature 1: each generated
position keeps its 5 best candidates (rank 1-5) and, when the sampled token
is not among them, that token with its rank, as vLLM's offline engine
returns them. Run with aimo's Python environment:

    python testdata/logprobs.py > testdata/logprobs.json
"""
import json

import torch
from transformers import LlamaConfig, LlamaForCausalLM

K, ATTEMPTS, TOKENS = 5, 8, 40

torch.manual_seed(0)
cfg = LlamaConfig(vocab_size=256, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                  num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=128)
model = LlamaForCausalLM(cfg).eval()
with torch.no_grad():
    for p in model.parameters():
        p.mul_(6.0)  # sharper distributions than an untrained model's near-uniform ones

attempts = []
for a in range(ATTEMPTS):
    g = torch.Generator().manual_seed(a)
    ids = torch.tensor([[1, 17, 42, 99]])
    positions = []
    with torch.no_grad():
        for _ in range(TOKENS):
            logits = model(ids).logits[0, -1].double()
            lp = torch.log_softmax(logits, -1)
            tok = int(torch.multinomial(lp.exp(), 1, generator=g))
            order = torch.argsort(lp, descending=True)
            rank = int((order == tok).nonzero()) + 1
            pos = [[float(lp[int(t)]), r + 1] for r, t in enumerate(order[:K])]
            if rank > K:
                pos.append([float(lp[tok]), rank])
            positions.append(pos)
            ids = torch.cat([ids, torch.tensor([[tok]])], 1)
    attempts.append(positions)
print(json.dumps({"k": K, "source": "seeded random Llama, 2 layers, vocab 256, temperature 1", "attempts": attempts}))
