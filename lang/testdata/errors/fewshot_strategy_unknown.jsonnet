(import 'base.libsonnet') + { fewshot: { strategy: 'nearest' } }
