(import 'nowhere.libsonnet') + {}
