(import 'base.libsonnet') + { models+: { rec+: { replay+: { fields+: { text: null } } } } }
