(import 'base.libsonnet') + {
  splits: { dataset: 'tiny', fractions: { val: 0.5, test: 0.5 } },
  evaluate: ['tiny', 'test'],
  select: { on: 'tiny', confirm: 'test' },
}
