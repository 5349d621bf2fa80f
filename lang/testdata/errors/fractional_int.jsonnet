(import 'base.libsonnet') + { samples: 2.5 }
