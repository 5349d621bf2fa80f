// A voting grid over recorded samples: every voting rule at every k, with and
// without early stopping. Generation happens once; the grid costs no GPU time.
// Also pools the four GPT-3 GSM8K systems into one ensemble vote.
local aimo = import 'aimo.libsonnet';

local qwen = 'data/qwen25math/math_cot_100.jsonl';
local gpt3 = 'data/gsm8k/example_model_solutions.jsonl';
local gpt3Model(variant) = aimo.model.replay(gpt3, text=variant + '.solution', problem_text='question');

aimo.experiment {
  name: 'voting-grid',
  datasets: {
    math100: aimo.dataset.jsonl(qwen, fields={ id: 'idx', problem: 'question', answer: 'gt', level: 'level' }),
    gsm8k200: aimo.dataset.gsm8k('data/gsm8k/test.jsonl'),
  },
  models: {
    qwen: aimo.model.replay(qwen, text='code', problem_id='idx', score='pred_score'),
    'gpt3-6b-ft': gpt3Model('6b_finetuning'),
    'gpt3-6b-verify': gpt3Model('6b_verification'),
    'gpt3-175b-ft': gpt3Model('175b_finetuning'),
    'gpt3-175b-verify': gpt3Model('175b_verification'),
  },
  matrix: {
    model: ['qwen', 'gpt3-6b-ft', 'gpt3-6b-verify', 'gpt3-175b-ft', 'gpt3-175b-verify'],
    template: ['step_by_step'],
  },
  samples: 8,
  sampling: { temperature: 0.7, top_p: 0.8, max_tokens: 2048 },
  evaluate: ['math100', 'gsm8k200'],
  voting: {
    method: ['majority', 'confidence_weighted', 'max_confidence', 'median_confidence',
             'unanimous', 'numeric_average', 'score_weighted'],
    k: [1, 2, 4, 8],
    early_stop: [0, 3, 5],
  },
  ensembles: {
    gpt3: { method: 'majority', members: [{ match: { model: m } } for m in ['gpt3-6b-ft', 'gpt3-6b-verify', 'gpt3-175b-ft', 'gpt3-175b-verify']] },
  },
}
