(import 'base.libsonnet') + { models+: { srv+: { base_urls: [] } } }
