(import 'base.libsonnet') + { splits: { dataset: 'tiny2', fractions: { train: 0.5, test: 0.5 } } }
