(import 'base.libsonnet') + { matrix+: { exclude: [{ modle: 'rec' }] } }
