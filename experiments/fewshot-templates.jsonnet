// A few-shot x template grid on MATH-500 against an OpenAI-compatible server
// (for example `vllm serve Qwen/Qwen2.5-Math-7B-Instruct`). Few-shot examples
// come from the MATH training slice, never from the problem being solved.
local aimo = import 'aimo.libsonnet';

function(base_url='http://localhost:8000/v1') aimo.experiment {
  name: 'fewshot-templates',
  datasets: {
    math500: aimo.dataset.jsonl('data/math/math500_test.jsonl',
                                fields={ id: 'unique_id', problem: 'problem', answer: 'answer', solution: 'solution', subject: 'subject', level: 'level' }),
    train: aimo.dataset.math('data/math/train_1500.jsonl'),
  },
  fewshot: aimo.fewshot.same_category(pool='train', seed=7),
  models: {
    qwen: aimo.model.openai('qwen2.5-math-7b', base_url=base_url),
  },
  matrix: {
    template: ['basic', 'step_by_step', 'structured', 'detailed_reasoning', 'few_shot', 'expert'],
    fewshot: [0, 2, 4],
    // The basic template carries no worked examples.
    exclude: [{ template: 'basic', fewshot: 2 }, { template: 'basic', fewshot: 4 }],
  },
  samples: 4,
  sampling: { temperature: 0.7, top_p: 0.8, max_tokens: 4096 },
  evaluate: ['math500'],
  voting: { method: ['majority'], k: [1, 4] },
}
