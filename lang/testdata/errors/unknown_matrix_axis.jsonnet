(import 'base.libsonnet') + { matrix+: { templat: ['basic'] } }
