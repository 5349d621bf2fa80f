local aimo = import 'aimo.libsonnet';
(import 'base.libsonnet') + {
  models+: {
    srv+: { launcher: aimo.launcher.slurm },
    tiny: aimo.model.hf('m', launcher=aimo.launcher['local'] { partition: 'gpu' }, replicas=2) { serve+: { port: 8000 } },
  },
  adapters: {
    l: aimo.lora.adapter('tiny', train='tiny', launcher={ partition: 'gpu', extra_sbatch: ['exclusive'] }),
  },
}
