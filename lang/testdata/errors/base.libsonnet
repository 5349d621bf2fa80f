// A valid experiment that the error cases break one field at a time.
local aimo = import 'aimo.libsonnet';

aimo.experiment {
  name: 'base',
  datasets: {
    tiny: aimo.dataset.jsonl('data/tiny.jsonl', fields={ id: 'idx', problem: 'question', answer: 'gt' }),
  },
  models: {
    rec: aimo.model.replay('data/tiny.jsonl', text='code', problem_id='idx'),
    srv: aimo.model.openai('qwen3-32b', base_url='http://localhost:8000/v1'),
  },
  matrix: { model: ['rec'], template: ['step_by_step'] },
  samples: 1,
}
