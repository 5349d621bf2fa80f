(import 'base.libsonnet') + { matrix+: { template: ['step-by-step'] } }
