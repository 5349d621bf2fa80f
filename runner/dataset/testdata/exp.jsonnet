local aimo = import 'aimo.libsonnet';

aimo.experiment {
  name: 'data-test',
  datasets: {
    math: aimo.dataset.math('small_math.jsonl', answers='integer', modulus=1000),
    aimo3: aimo.recipes.aimo3('aimo.csv'),
  },
  splits: aimo.split.stratified(dataset='math', fractions={ train: 0.5, val: 0.25, test: 0.25 }, seed=7),
  fewshot: aimo.fewshot.same_category(),
  models: { m: aimo.model.replay('replay.jsonl', text='text', problem_id='id') },
}
