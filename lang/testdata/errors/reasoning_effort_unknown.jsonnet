(import 'base.libsonnet') + { sampling: { reasoning_effort: 'hgih' }, matrix+: { reasoning_effort: ['low', 'max'] } }
