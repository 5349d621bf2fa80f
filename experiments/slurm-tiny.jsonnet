// The train-and-serve example (lora-tiny.jsonnet) on a Slurm cluster: the two
// adapters train as one job array, and the tiny model is served by two
// replicas, each its own Slurm job, with requests routed to the least loaded.
// Replicas that die are dropped and their requests retried on the others;
// every job is cancelled when the sweep ends or is interrupted.
//
//   aimo plan experiments/slurm-tiny.jsonnet    # shows the sbatch scripts
//   aimo run experiments/slurm-tiny.jsonnet     # on a cluster's login node
//   aimo jobs experiments/slurm-tiny.jsonnet    # the jobs it submitted
//
// The cache's folder (.aimo by default: adapters, the tiny model, the job
// folders) and aimo's Python environment must be on a filesystem the nodes
// share. On a GPU cluster, swap the model for aimo.model.vllm(...) with
// gpus_per_job: 1 and a partition.
local aimo = import 'aimo.libsonnet';
local tiny = import 'lora-tiny.jsonnet';

function(setup='', replicas=2, samples=2, max_tokens=24)
  tiny {
    name: 'slurm-tiny',
    models: {
      tiny: aimo.model.tiny(replicas=replicas,
                            launcher=aimo.launcher.slurm { cpus: 1, time: '30', setup: setup }),
    },
    samples: samples,
    sampling+: { max_tokens: max_tokens },
    voting: { method: ['majority'], k: [1, samples] },
  }
