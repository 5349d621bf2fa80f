// An AIMO3 export: gpt-oss-120b on vLLM with the engine settings it was
// measured with, a LoRA grid of two ranks, and where everything is on Kaggle.
local aimo = import 'aimo.libsonnet';

aimo.experiment {
  name: 'gptoss',
  datasets: { aimo3: aimo.recipes.aimo3('aimo3.csv') },
  models: {
    oss: aimo.model.vllm('gpt-oss-120b', max_model_len=32768, gpu_memory_utilization=0.96, kv_cache_dtype='fp8_e4m3',
                         tensor_parallel=1, pipeline_parallel=1, max_num_seqs=64, enable_prefix_caching=true, seed=11),
  },
  adapters: { lora: aimo.lora.grid(base='oss', train='aimo3', r=[16, 8], alpha=32) },
  matrix: { model: ['oss', 'lora'], reasoning_effort: ['high'] },
  samples: 8,
  sampling: { temperature: 1.0, top_p: 1.0, max_tokens: 30000, logprobs: 5 },
  voting: { method: ['majority', 'entropy_weighted', 'score_weighted'], k: [8], early_stop: [4] },
  budget: { margin_s: 900 },
  kaggle: aimo.kaggle(
    kernel='me/gptoss-aimo3',
    models={ oss: '/kaggle/input/gpt-oss-120b/transformers/default/1' },
    adapters={ lora: '/kaggle/input/gptoss-adapters/lora' },
    wheels='/kaggle/input/vllm-wheels',
    tiktoken='/kaggle/input/tiktoken-encodings',
    datasets=['me/vllm-wheels', 'me/tiktoken-encodings'],
    model_sources=['openai/gpt-oss-120b/transformers/default/1'],
  ),
}
