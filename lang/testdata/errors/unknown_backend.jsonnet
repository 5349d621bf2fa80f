(import 'base.libsonnet') + { models+: { rec+: { backend: 'replai' } } }
