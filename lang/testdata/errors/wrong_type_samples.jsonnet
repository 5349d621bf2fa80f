(import 'base.libsonnet') + { samples: '8' }
