(import 'base.libsonnet') + { evaluate: 'tiny' }
