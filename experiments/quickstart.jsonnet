// quickstart: replay Qwen2.5-Math-Instruct's recorded samples (8 per problem) on
// 100 MATH test problems. No GPU and no server: the replay backend serves the
// generations shipped in data/qwen25math, and everything after generation
// (grading, voting, statistics, reports) runs for real.
//
//   aimo plan experiments/quickstart.jsonnet
//   aimo run experiments/quickstart.jsonnet
local aimo = import 'aimo.libsonnet';

local recorded = 'data/qwen25math/math_cot_100.jsonl';

aimo.experiment {
  name: 'quickstart',
  description: 'Qwen2.5-Math-Instruct, 100 MATH problems x 8 recorded samples: which voting rule to ship?',
  datasets: {
    math100: aimo.dataset.jsonl(recorded, fields={ id: 'idx', problem: 'question', answer: 'gt', level: 'level' }),
  },
  models: {
    // The recorded samples were drawn at temperature 0.7, top_p 0.8: a cell
    // asking for other settings is not recorded, so plan and run refuse it.
    'qwen2.5-math': aimo.model.replay(recorded,
                                      text='code',
                                      problem_id='idx',
                                      score='pred_score',
                                      temperature=0.7,
                                      top_p=0.8),
  },
  samples: 8,
  sampling: { temperature: 0.7, top_p: 0.8, max_tokens: 2048 },
  voting: {
    method: ['majority', 'score_weighted', 'unanimous'],
    k: [1, 4, 8],
    early_stop: [0, 3],
  },
  // Where the model is on Kaggle, for `aimo export kaggle`. The winner,
  // score_weighted, needs a reward model the notebook does not have, so the
  // export refuses it and names a setting to ship instead (--setting).
  kaggle: aimo.kaggle(
    models={ 'qwen2.5-math': '/kaggle/input/qwen2.5-math/transformers/7b-instruct/1' },
    model_sources=['qwen-lm/qwen2.5-math/transformers/7b-instruct/1'],
  ),
}
