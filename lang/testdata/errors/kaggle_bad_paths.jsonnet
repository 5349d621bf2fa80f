// Kaggle notebooks load offline from attached inputs: a model path outside
// /kaggle/input, a model key that does not exist, and a kernel id without an
// owner are each named.
local aimo = import 'aimo.libsonnet';

(import 'base.libsonnet') + {
  kaggle: aimo.kaggle(kernel='notebook', models={ rec: 'models/qwen', srvv: '/kaggle/input/qwen' },
                      datasets=['me/vllm-wheels', 'wheels']),
}
