// Tool-integrated reasoning on MATH-500's integer-answer problems: the model
// writes Python and aimo runs it in the sandbox, one Python session per
// attempt. `tir` is the text format (code in ```python blocks, output in
// ```output blocks, as Qwen2.5-Math and NuminaMath write it); `tir_function`
// offers a `python` function tool through the chat API, which the server
// must parse (`vllm serve openai/gpt-oss-20b --enable-auto-tool-choice
// --tool-call-parser openai`). Compare both with plain step-by-step solving.
local aimo = import 'aimo.libsonnet';

function(base_url='http://localhost:8000/v1', model='gpt-oss-20b') aimo.experiment {
  name: 'tir',
  datasets: {
    math500: aimo.dataset.jsonl('data/math/math500_test.jsonl',
                                answers='integer',
                                fields={ id: 'unique_id', problem: 'problem', answer: 'answer', subject: 'subject', level: 'level' }),
  },
  models: { m: aimo.model.openai(model, base_url=base_url) },
  matrix: { template: ['step_by_step', 'tir', 'tir_function'] },
  samples: 4,
  sampling: { temperature: 1.0, top_p: 1.0, max_tokens: 16384, reasoning_effort: 'medium' },
  tools: { max_rounds: 16, timeout_s: 6, memory_mb: 2048, max_output: 4096 },
  voting: { method: ['majority'], k: [1, 4] },
}
