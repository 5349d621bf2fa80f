(import 'base.libsonnet') + { matrix: ['rec'] }
