(import 'base.libsonnet') + { voting: { method: ['majoritty'] } }
