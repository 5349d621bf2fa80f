(import 'base.libsonnet') + { samples: error 'samples must be set by the caller' }
