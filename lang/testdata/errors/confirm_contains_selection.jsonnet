(import 'base.libsonnet') + {
  splits: { dataset: 'tiny', fractions: { val: 0.5, test: 0.5 } },
  evaluate: ['val', 'tiny'],
  select: { on: 'val', confirm: 'tiny' },
}
