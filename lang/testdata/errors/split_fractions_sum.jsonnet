(import 'base.libsonnet') + { splits: { dataset: 'tiny', by: ['level'], fractions: { train: 0.8, test: 0.3 }, seed: 1 } }
