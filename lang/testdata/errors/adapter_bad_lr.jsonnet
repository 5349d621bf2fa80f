(import 'base.libsonnet') + { adapters: { l: { base: 'srv', train: 'tiny', lr: [5] } } }
