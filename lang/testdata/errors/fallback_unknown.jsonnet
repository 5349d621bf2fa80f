(import 'base.libsonnet') + { grading: { fallbacks: ['last_numbr'] } }
