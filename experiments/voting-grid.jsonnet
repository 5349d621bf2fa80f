// A voting grid over recorded samples: every voting rule at every k, with and
// without early stopping. Generation happens once; the grid costs no GPU time.
local aimo = import 'aimo.libsonnet';

local qwen = 'data/qwen25math/math_cot_100.jsonl';

aimo.experiment {
  name: 'voting-grid',
  datasets: {
    math100: aimo.dataset.jsonl(qwen, fields={ id: 'idx', problem: 'question', answer: 'gt', level: 'level' }),
  },
  models: {
    qwen: aimo.model.replay(qwen, text='code', problem_id='idx', score='pred_score'),
  },
  samples: 8,
  sampling: { temperature: 0.7, top_p: 0.8, max_tokens: 2048 },
  voting: {
    method: [
      'majority',
      'confidence_weighted',
      'max_confidence',
      'median_confidence',
      'unanimous',
      'numeric_average',
      'score_weighted',
    ],
    k: [1, 2, 4, 8],
    early_stop: [0, 3, 5],
  },
}
