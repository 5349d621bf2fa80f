(import 'base.libsonnet') + { name: 'my experiment' }
