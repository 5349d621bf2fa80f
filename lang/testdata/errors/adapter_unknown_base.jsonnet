(import 'base.libsonnet') + { adapters: { l: { base: 'nope', train: 'tiny', r: [8] } } }
