(import 'base.libsonnet') + { templates+: { mine: { user: 'Solve it.' } }, matrix+: { template: ['mine'] } }
