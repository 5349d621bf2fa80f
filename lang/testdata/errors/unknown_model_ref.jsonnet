(import 'base.libsonnet') + { matrix+: { model: ['recc'] } }
