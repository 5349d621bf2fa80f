(import 'base.libsonnet') + { evaluate: ['val'] }
