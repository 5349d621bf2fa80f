local aimo = import 'aimo.libsonnet';
(import 'base.libsonnet') + {
  models+: {
    tiny: aimo.model.tiny(launcher=aimo.launcher.slurm { partiton: 'gpu', time: '4h', mem: '64GB' }, replicas=2),
  },
}
