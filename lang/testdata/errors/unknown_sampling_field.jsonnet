(import 'base.libsonnet') + { sampling: { temprature: 0.7 } }
