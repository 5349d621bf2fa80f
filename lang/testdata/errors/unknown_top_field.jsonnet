(import 'base.libsonnet') + { sample: 4 }
