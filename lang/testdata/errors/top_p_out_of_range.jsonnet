(import 'base.libsonnet') + { sampling: { top_p: 1.5 } }
