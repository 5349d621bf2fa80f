(import 'base.libsonnet') + { models: {}, matrix: {} }
