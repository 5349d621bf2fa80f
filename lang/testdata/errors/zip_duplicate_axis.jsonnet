(import 'base.libsonnet') + { matrix+: { temperature: [0.5], zip: [{ temperature: [0.6, 1.0], top_p: [0.9, 1.0] }] } }
