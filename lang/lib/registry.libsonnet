// The model registry: the original pipeline's thirteen models, with real
// Hugging Face ids (or API names), parameter counts in billions, context
// lengths in tokens, and the precision the weights are published in.
// Where the original list named a model that does not exist, or gave a wrong
// size, `note` says so and names the nearest real model.
{
  'deepseek-r1': {
    display: 'DeepSeek-R1', hf_id: 'deepseek-ai/DeepSeek-R1', api_name: 'deepseek-reasoner',
    params_b: 671, active_params_b: 37, context: 131072, native_precision: 'fp8',
    note: 'Sometimes quoted as 67B; DeepSeek-R1 is a 671B mixture of experts (37B active). The nearest ~70B model is deepseek-r1-distill-llama-70b.',
  },
  'deepseek-r1-distill-llama-70b': {
    display: 'DeepSeek-R1-Distill-Llama-70B', hf_id: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B',
    params_b: 70.6, context: 131072, native_precision: 'bf16',
    note: 'Dense distillation of DeepSeek-R1 into Llama-3.3-70B; what a "67B DeepSeek-R1" on one node usually means.',
  },
  'llama-4-scout': {
    display: 'Llama 4 Scout', hf_id: 'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    params_b: 109, active_params_b: 17, context: 10485760, native_precision: 'bf16',
    note: 'Sometimes quoted as 8B; Scout is a 109B mixture of experts with 17B active parameters (16 experts).',
  },
  'llama-4-maverick': {
    display: 'Llama 4 Maverick', hf_id: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
    params_b: 400, active_params_b: 17, context: 1048576, native_precision: 'bf16',
    note: 'Sometimes quoted as 70B; Maverick is a 400B mixture of experts with 17B active (128 experts). An FP8 checkpoint is published as ...-Instruct-FP8.',
  },
  'qwen3-32b': {
    display: 'Qwen3 32B', hf_id: 'Qwen/Qwen3-32B',
    params_b: 32.8, context: 32768, native_precision: 'bf16',
    note: 'Native context 32,768 tokens; 131,072 with YaRN rope scaling.',
  },
  'qwen3-72b': {
    display: 'Qwen 3 72B (does not exist)', hf_id: 'Qwen/Qwen2.5-72B-Instruct',
    params_b: 72.7, context: 131072, native_precision: 'bf16',
    note: 'There is no Qwen3 72B. The nearest real models are Qwen2.5-72B-Instruct (used here) and, for math, Qwen/Qwen2.5-Math-72B-Instruct; in the Qwen3 family, Qwen3-32B (dense) or Qwen3-235B-A22B (MoE).',
  },
  'qwen3-235b': {
    display: 'Qwen3 235B-A22B', hf_id: 'Qwen/Qwen3-235B-A22B', api_name: 'qwen3-235b-a22b',
    params_b: 235, active_params_b: 22, context: 32768, native_precision: 'bf16',
    note: 'Mixture of experts, 22B active. Native context 32,768; 131,072 with YaRN.',
  },
  'gemma-3-4b': {
    display: 'Gemma 3 4B', hf_id: 'google/gemma-3-4b-it',
    params_b: 4.3, context: 131072, native_precision: 'bf16',
  },
  'gemma-3-12b': {
    display: 'Gemma 3 12B', hf_id: 'google/gemma-3-12b-it',
    params_b: 12.2, context: 131072, native_precision: 'bf16',
  },
  'gemma-3-27b': {
    display: 'Gemma 3 27B', hf_id: 'google/gemma-3-27b-it',
    params_b: 27.4, context: 131072, native_precision: 'bf16',
  },
  gpt2: {
    display: 'GPT-2 (baseline)', hf_id: 'openai-community/gpt2',
    params_b: 0.124, context: 1024, native_precision: 'fp32',
    note: 'A 124M-parameter baseline for smoke tests; it does not solve competition problems.',
  },
  'mistral-large-3': {
    display: 'Mistral Large 3', hf_id: 'mistralai/Mistral-Large-3-675B-Instruct-2512', api_name: 'mistral-large-latest',
    params_b: 675, active_params_b: 41, context: 262144, native_precision: 'fp8',
    note: 'A 675B mixture of experts (41B active), released December 2025; usually reached through the Mistral API.',
  },
  'kimi-k2.5': {
    display: 'Kimi K2.5', hf_id: 'moonshotai/Kimi-K2.5', api_name: 'kimi-k2.5',
    params_b: 1000, active_params_b: 32, context: 262144, native_precision: 'int4',
    note: 'A 1T-parameter mixture of experts (32B active) with weights published in INT4; usually reached through the Moonshot API.',
  },
  'gpt-oss-120b': {
    display: 'gpt-oss-120b', hf_id: 'openai/gpt-oss-120b',
    params_b: 116.8, active_params_b: 5.1, context: 131072, native_precision: 'mxfp4',
    note: 'MXFP4 expert weights (about 61 GiB) fit one 80 GB H100: the strongest single-GPU choice for AIMO3.',
  },
  'gpt-oss-20b': {
    display: 'gpt-oss-20b', hf_id: 'openai/gpt-oss-20b',
    params_b: 20.9, active_params_b: 3.6, context: 131072, native_precision: 'mxfp4',
  },
  'qwen2.5-math-7b': {
    display: 'Qwen2.5-Math-7B-Instruct', hf_id: 'Qwen/Qwen2.5-Math-7B-Instruct',
    params_b: 7.6, context: 4096, native_precision: 'bf16',
    note: 'Math-specialised; its context is only 4,096 tokens, so keep max_tokens + prompt under that.',
  },
}
