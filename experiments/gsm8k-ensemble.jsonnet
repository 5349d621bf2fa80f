// A cross-model ensemble: four GPT-3 systems from the GSM8K paper (6B and 175B,
// fine-tuned alone or reranked by a verifier), one recorded solution each per
// problem, compared alone and pooled into one majority vote.
local aimo = import 'aimo.libsonnet';

local recorded = 'data/gsm8k/example_model_solutions.jsonl';
local variants = ['6b_finetuning', '6b_verification', '175b_finetuning', '175b_verification'];

aimo.experiment {
  name: 'gsm8k-ensemble',
  datasets: { gsm8k200: aimo.dataset.gsm8k('data/gsm8k/test.jsonl') },
  models: {
    // Each system was given the bare question (the `basic` template).
    ['gpt3-' + v]: aimo.model.replay(recorded, text=v + '.solution', problem_text='question', template='basic')
    for v in variants
  },
  matrix: { model: ['gpt3-' + v for v in variants], template: ['basic'] },
  samples: 1,
  voting: { method: ['majority'], k: [1] },
  ensembles: {
    all4: { method: 'majority', members: [{ match: { model: 'gpt3-' + v } } for v in variants] },
    // The verifier-reranked 175B system counts twice: it is the strongest alone.
    weighted: {
      method: 'majority',
      members: [{ match: { model: 'gpt3-' + v }, weight: if v == '175b_verification' then 2 else 1 } for v in variants],
    },
  },
}
