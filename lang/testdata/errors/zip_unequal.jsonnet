(import 'base.libsonnet') + { matrix+: { zip: [{ temperature: [0.6, 1.0], top_p: [0.9] }] } }
