// aimo's half of the side-by-side with promptfoo (see run.sh): the same 2,000
// problems, one sample each, against the same local fake vLLM server.
local aimo = import 'aimo.libsonnet';

function(base_url='http://127.0.0.1:18765/v1', concurrency=64) aimo.experiment {
  name: 'promptfoo-side-by-side',
  datasets: {
    sums: aimo.dataset.jsonl('problems.jsonl', fields={ id: 'id', problem: 'problem', answer: 'answer' }),
  },
  models: {
    fake: aimo.model.openai('fake-model', base_url=base_url, concurrency=concurrency),
  },
  matrix: { template: ['basic'] },
  samples: 1,
  sampling: { temperature: 0.7, top_p: 0.8, max_tokens: 1024 },
}
