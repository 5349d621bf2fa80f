// aimo.libsonnet: the standard library for aimo experiments.
//
//   local aimo = import 'aimo.libsonnet';
//   aimo.experiment { name: 'x', datasets: {...}, models: {...}, matrix: {...} }
//
// Constructors return plain objects; aimo checks them strictly after
// evaluation, so a misspelt field is an error, never a silent default.
local registry = import 'registry.libsonnet';
local listOf(x) = if x == null then null else if std.isArray(x) then x else [x];
local info(key) = registry[key] { key: key };
local lookup(name) =
  if std.objectHas(registry, name) then info(name)
  else
    local hits = [k for k in std.objectFields(registry) if registry[k].hf_id == name || std.get(registry[k], 'api_name', '') == name];
    if std.length(hits) > 0 then info(hits[0]) else null;
local servedName(name) = if std.objectHas(registry, name) then registry[name].hf_id else name;

{
  registry: registry,

  // templates are the prompt templates every experiment starts with; add your
  // own with `templates+: { mine: aimo.template(...) }`.
  templates: {
    basic: { user: '{problem}' },
    step_by_step: {
      user: '{problem}\nPlease reason step by step, and put your final answer within \\boxed{}.',
      example: '{solution}',
    },
    structured: {
      system: 'You solve competition mathematics problems.',
      user: 'Problem:\n{problem}\n\nAnswer in three parts: Understanding (restate what is asked), Solution (numbered steps), Final answer (within \\boxed{}).',
      example: '{solution}',
    },
    detailed_reasoning: {
      system: 'You are a careful mathematician. Think through every case, check each computation, and verify the answer before you commit to it.',
      user: '{problem}\n\nExplain your reasoning in detail, double-check it, and give the final answer within \\boxed{}.',
      example: '{solution}',
    },
    few_shot: {
      system: 'Solve the problem in the same style as the worked examples. Put the final answer within \\boxed{}.',
      user: 'Problem: {problem}',
      example: 'Solution: {solution}',
    },
    expert: {
      system: 'You are an International Mathematical Olympiad gold medallist. Solve the problem rigorously and concisely.',
      user: '{problem}\n\nThe answer is a single number. Put it within \\boxed{}.',
      example: '{solution}',
    },
    // tir: the model writes code in ```python blocks; aimo runs each block
    // as the model finishes it and appends what it printed in an ```output
    // block (the ToRA and NuminaMath format).
    tir: {
      system: 'You may write Python code to help you. Put code in ```python blocks; each block is run when you finish it, and what it prints is shown to you in an ```output block. Variables persist from one block to the next. Put the final answer within \\boxed{}.',
      user: '{problem}',
      example: '{solution}',
      tools: ['python'],
      tool_format: 'text',
    },
    // tir_function: the model calls a `python` function tool through the
    // chat API (gpt-oss and other tool-calling models served by vLLM).
    tir_function: {
      system: 'You may call the python tool to run code; variables persist from one call to the next. Put the final answer within \\boxed{}.',
      user: '{problem}',
      example: '{solution}',
      tools: ['python'],
      tool_format: 'function',
    },
  },

  // template builds a user-defined template. tools: ['python'] lets the
  // model run code; tool_format is 'text' (```python blocks) or 'function'
  // (a function tool through the chat API).
  template(user, system=null, example=null, format='chat', tools=null, tool_format=null):: {
    user: user, system: system, example: example, format: format, tools: tools,
  } + (if tool_format == null then {} else { tool_format: tool_format }),

  experiment: {
    templates: $.templates,
  },

  dataset: {
    // math reads MATH-style JSONL (problem, level, type, solution).
    math(path, answers='any', levels=null, subjects=null, limit=null, answer_range=null, modulus=null):: {
      format: 'math', path: path, answers: answers, levels: listOf(levels), subjects: listOf(subjects),
      limit: limit, answer_range: answer_range, modulus: modulus,
    },
    // gsm8k reads GSM8K JSONL (question, answer ending in `#### n`).
    gsm8k(path, limit=null):: { format: 'gsm8k', path: path, answers: 'integer', limit: limit },
    // csv reads id,problem,answer files such as the AIMO reference sets.
    csv(path, answer_range=null, modulus=null, fields=null, answers='integer', limit=null):: {
      format: 'csv', path: path, answers: answers, answer_range: answer_range, modulus: modulus,
      fields: fields, limit: limit,
    },
    // jsonl reads any JSONL file through a field mapping.
    jsonl(path, fields, answers='any', limit=null, answer_range=null):: {
      format: 'jsonl', path: path, fields: fields, answers: answers, limit: limit, answer_range: answer_range,
    },
  },

  // recipes rebuild the original pipeline's AIMO-format sets from MATH.
  recipes: {
    aimo1(path):: $.dataset.math(path, answers='integer', levels=[1, 2], modulus=1000),
    aimo2(path):: $.dataset.math(path, answers='integer', levels=[2, 3, 4, 5], modulus=1000),
    aimo3(path):: $.dataset.csv(path, answer_range=[0, 99999]),
  },

  split: {
    stratified(dataset, by=['subject', 'level'], fractions={ train: 0.8, val: 0.1, test: 0.1 }, seed=42):: {
      dataset: dataset, by: by, fractions: fractions, seed: seed,
    },
  },

  fewshot: {
    random(pool='train', seed=0):: { pool: pool, strategy: 'random', seed: seed },
    same_category(pool='train', seed=0):: { pool: pool, strategy: 'same_category', seed: seed },
    fixed(ids, pool='train'):: { pool: pool, strategy: 'fixed', ids: ids },
  },

  // launcher says where aimo runs a model's servers or an adapter grid's
  // trainers: `launcher: aimo.launcher.slurm { partition: 'gpu', gpus_per_job: 1 }`.
  // local is a child process of aimo (the default); slurm is one Slurm job
  // per server replica and one job array per adapter grid, with these sbatch
  // settings (unset ones are the cluster's defaults): partition, account,
  // qos, gpus_per_job, cpus, mem ('64G'), time ('4:00:00'), constraint,
  // extra_sbatch (['--exclusive']) and setup (shell code run first in each
  // job, e.g. 'module load cuda/12.4').
  launcher: {
    'local': { kind: 'local' },
    slurm: { kind: 'slurm' },
  },

  model: {
    // openai talks to any OpenAI-compatible server; the key comes from the
    // environment variable api_key_env, never from the file.
    openai(name, base_url='http://localhost:8000/v1', api_key_env=null, endpoint='chat',
           concurrency=null, timeout_s=null, retries=null, revision=null):: {
      backend: 'openai', name: servedName(name), info: lookup(name), revision: revision,
      base_urls: listOf(base_url), api_key_env: api_key_env, endpoint: endpoint,
      concurrency: concurrency, timeout_s: timeout_s, retries: retries,
    },
    // vllm launches `vllm serve` itself (on a free port, waiting for
    // /health), then speaks the OpenAI API to it; the server serves the base
    // model and every adapter of it the sweep uses. path is where the weights
    // are (a directory or hub id; default: the model's hub id).
    vllm(name, path=null, dtype=null, quantization=null, max_model_len=null, gpu_memory_utilization=null,
         kv_cache_dtype=null, tensor_parallel=null, pipeline_parallel=null, max_num_seqs=null,
         enable_prefix_caching=null, seed=null, startup_timeout_s=null, port=null, args=null,
         revision=null, concurrency=null, endpoint='chat', launcher=null, replicas=null):: {
      backend: 'vllm', name: servedName(name), path: path, info: lookup(name), revision: revision,
      concurrency: concurrency, endpoint: endpoint, launcher: launcher, replicas: replicas,
      serve: {
        dtype: dtype, quantization: quantization, max_model_len: max_model_len,
        gpu_memory_utilization: gpu_memory_utilization, kv_cache_dtype: kv_cache_dtype,
        tensor_parallel: tensor_parallel, pipeline_parallel: pipeline_parallel, max_num_seqs: max_num_seqs,
        enable_prefix_caching: enable_prefix_caching, seed: seed, startup_timeout_s: startup_timeout_s,
        port: port, args: args,
      },
    },
    // hf launches aimo's transformers server (a small OpenAI-compatible
    // server shipped with aimo, for machines without vLLM), the same way.
    // Both take launcher (where the server runs) and replicas (how many
    // servers share the requests, least loaded first).
    hf(name, path=null, dtype=null, device=null, max_model_len=null, seed=null, startup_timeout_s=null,
       revision=null, concurrency=null, endpoint='chat', launcher=null, replicas=null):: {
      backend: 'hf', name: servedName(name), path: path, info: lookup(name), revision: revision,
      concurrency: concurrency, endpoint: endpoint, launcher: launcher, replicas: replicas,
      serve: { dtype: dtype, device: device, max_model_len: max_model_len, seed: seed, startup_timeout_s: startup_timeout_s },
    },
    // tiny is a randomly initialised Llama-style model that aimo builds on
    // first use (no download), served by the transformers server: the whole
    // train-and-serve path on a laptop, in minutes. Its answers are noise.
    tiny(seed=0, concurrency=null, launcher=null, replicas=null)::
      self.hf('aimo-tiny', seed=seed, device='cpu', concurrency=concurrency, launcher=launcher, replicas=replicas) {
      builtin: 'tiny',
    },
    // replay serves recorded completions from a JSONL file. template,
    // fewshot, temperature, top_p and max_tokens say how the recordings were
    // made (default: the experiment's own defaults); a cell asking for
    // anything else is not recorded, unless prompt_agnostic says the
    // recordings stand for any prompt. messages names a chat message list
    // holding a tool-using conversation (assistant turns with tool_calls,
    // tool results); reasoning the final reasoning trace.
    replay(path, text, problem_id=null, problem_text=null, sample=null, score=null,
           completion_tokens=null, latency=null, entropy=null, name=null,
           template=null, fewshot=null, temperature=null, top_p=null, max_tokens=null,
           prompt_agnostic=false, reasoning=null, messages=null):: {
      backend: 'replay', name: name, info: if name == null then null else lookup(name),
      replay: {
        path: path, format: 'jsonl',
        fields: {
          text: text, problem_id: problem_id, problem_text: problem_text, sample: sample, score: score,
          completion_tokens: completion_tokens, latency: latency, entropy: entropy,
        } + (if reasoning == null then {} else { reasoning: reasoning })
        + (if messages == null then {} else { messages: messages }),
        recorded: {
          template: template, fewshot: fewshot, temperature: temperature, top_p: top_p,
          max_tokens: max_tokens, prompt_agnostic: prompt_agnostic,
        },
      },
    },
  },

  // kaggle says where an exported AIMO3 notebook finds, offline, what it
  // loads: model weights and adapters by key, vLLM's wheels, tiktoken's
  // encodings (gpt-oss), all under /kaggle/input; datasets and model_sources
  // are what kernel-metadata.json attaches so `kaggle kernels push` works.
  kaggle(kernel=null, models=null, adapters=null, wheels=null, tiktoken=null, datasets=null,
         model_sources=null, title=null, competition=null, preload=null):: {
    kernel: kernel, title: title, models: models, adapters: adapters, wheels: wheels, tiktoken: tiktoken,
    datasets: listOf(datasets), model_sources: listOf(model_sources), competition: competition, preload: preload,
  },

  lora: {
    // adapter is one LoRA fine-tune of a base model on a split. launcher
    // says where it trains (default: where its base model is served).
    adapter(base, train='train', val=null, r=16, alpha=32, dropout=0.05, lr=2e-4, epochs=1, batch_size=4,
            grad_accum=1, warmup_steps=0, eval_steps=null, max_steps=null, precision=null, device=null,
            target_modules=null, template=null, max_seq_len=null, seed=0, launcher=null):: {
      base: base, train: train, val: val, r: listOf(r), alpha: listOf(alpha), dropout: listOf(dropout),
      lr: listOf(lr), epochs: listOf(epochs), batch_size: listOf(batch_size),
      warmup_steps: listOf(warmup_steps), target_modules: target_modules, template: template,
      max_seq_len: max_seq_len, seed: seed, grad_accum: grad_accum, eval_steps: eval_steps,
      max_steps: max_steps, precision: precision, device: device, launcher: launcher,
    },
    // grid is an adapter whose hyperparameters may list several values; aimo
    // expands it into one adapter per combination, named after what varies.
    grid:: self.adapter,
  },
}
