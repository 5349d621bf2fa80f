(import 'base.libsonnet') + {
  select: { on: 'tiny', confirm: 'tiny' },
}
