// A LoRA grid: fine-tune Qwen2.5-Math-7B on an 80% stratified split of the MATH
// training slice at two ranks and two learning rates, then compare the four
// adapters with the base model on the validation split. Selection happens on
// val and is confirmed on test, so the reported winner is not overfit to the
// split it was picked on.
local aimo = import 'aimo.libsonnet';

aimo.experiment {
  name: 'lora-grid',
  datasets: {
    math: aimo.dataset.math('data/math/train_1500.jsonl', answers='integer'),
  },
  splits: aimo.split.stratified(dataset='math',
                                by=['subject', 'level'],
                                fractions={ train: 0.8, val: 0.1, test: 0.1 },
                                seed=42),
  models: {
    base: aimo.model.vllm('qwen2.5-math-7b', max_model_len=8192, gpu_memory_utilization=0.9),
  },
  adapters: {
    lora: aimo.lora.grid(base='base',
                         train='train',
                         r=[8, 16],
                         alpha=32,
                         lr=[5e-5, 2e-4],
                         epochs=3,
                         batch_size=4,
                         warmup_steps=100),
  },
  matrix: {
    model: ['base', 'lora'],
    template: ['step_by_step'],
    fewshot: [0],
    // Only the base model gets a few-shot variant: adapters learned the format.
    when: [{ match: { model: 'base' }, axes: { fewshot: [0, 4] } }],
  },
  samples: 8,
  sampling: { temperature: 0.6, top_p: 0.95, max_tokens: 4096 },
  evaluate: ['val', 'test'],
  voting: { method: ['majority', 'entropy_weighted'], k: [1, 8] },
  select: { on: 'val', metric: 'accuracy', confirm: 'test' },
}
