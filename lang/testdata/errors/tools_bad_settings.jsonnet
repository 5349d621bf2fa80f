local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'tools',
  datasets: { d: aimo.dataset.csv('d.csv') },
  models: { m: aimo.model.openai('m') },
  templates+: {
    fenced: aimo.template('{problem}', tools=['python'], tool_format='fences'),
    completion_function: aimo.template('{problem}', format='completion', tools=['python'], tool_format='function'),
    no_tools: aimo.template('{problem}', tool_format='text'),
  },
  matrix: { model: ['m'] },
  sampling: { reasoning_effort: 'maximum' },
  tools: { max_rounds: -1, timeout_s: -1, memory_mb: 16, max_output: -5 },
}
