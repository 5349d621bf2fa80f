(import 'base.libsonnet') + { samples: 4, voting: { k: [1, 8] } }
