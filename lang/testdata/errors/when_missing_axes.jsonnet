(import 'base.libsonnet') + { matrix+: { when: [{ match: { model: 'rec' } }] } }
