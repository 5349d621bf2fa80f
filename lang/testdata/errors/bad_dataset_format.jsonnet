(import 'base.libsonnet') + { datasets+: { tiny+: { format: 'parquet' } } }
