// The whole train-and-serve path on a laptop's CPU, in a few minutes, with no
// download: aimo builds a tiny randomly initialised Llama-style model, trains
// two LoRA adapters (r = 4 and r = 8) on 240 real MATH training problems,
// keeps each adapter's best checkpoint on a validation split, serves the base
// model and both adapters from one transformers server, and compares them.
//
// The model is a few hundred thousand parameters of noise, so its answers are
// wrong; what this shows is the machinery: validation loss falling, adapters
// cached by identity (a second run trains nothing and makes no request), and
// base and adapter cells side by side in the leaderboard. Swap aimo.model.tiny()
// for aimo.model.hf('Qwen/Qwen2.5-0.5B-Instruct', path='/models/qwen-0.5b') or
// aimo.model.vllm(...) on a GPU machine for a real run.
local aimo = import 'aimo.libsonnet';

aimo.experiment {
  name: 'lora-tiny',
  datasets: {
    math: aimo.dataset.math('data/math/train_1500.jsonl', limit=300),
  },
  splits: aimo.split.stratified(dataset='math',
                                by=['level'],
                                fractions={ train: 0.8, val: 0.12, test: 0.08 },
                                seed=7),
  models: {
    tiny: aimo.model.tiny(),
  },
  adapters: {
    lora: aimo.lora.grid(base='tiny',
                         train='train',
                         val='val',
                         r=[4, 8],
                         alpha=16,
                         lr=2e-3,
                         epochs=1,
                         batch_size=8,
                         eval_steps=10,
                         precision='fp32',
                         device='cpu',
                         max_seq_len=192),
  },
  matrix: {
    model: ['tiny', 'lora'],
  },
  samples: 2,
  sampling: { temperature: 1.0, top_p: 1.0, max_tokens: 24 },
  evaluate: ['test'],
  voting: { method: ['majority'], k: [1, 2] },
}
