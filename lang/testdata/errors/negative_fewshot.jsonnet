(import 'base.libsonnet') + { matrix+: { fewshot: [-2] } }
