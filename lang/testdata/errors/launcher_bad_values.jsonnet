local aimo = import 'aimo.libsonnet';
(import 'base.libsonnet') + {
  models+: {
    tiny: aimo.model.tiny(launcher=aimo.launcher.slurm { time: '4h', mem: '64GB', cpus: -1, extra_sbatch: ['--exclusive', 'exclusive'] }, replicas=-1),
  },
  matrix+: { model: ['tiny'] },
}
