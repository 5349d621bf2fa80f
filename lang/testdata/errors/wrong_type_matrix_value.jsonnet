(import 'base.libsonnet') + { matrix+: { fewshot: ['two'] } }
