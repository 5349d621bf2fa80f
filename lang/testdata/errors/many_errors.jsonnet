(import 'base.libsonnet') + { samples: -1, sampling: { max_tokens: -5, temperature: -1 }, select: { on: 'nope' } }
