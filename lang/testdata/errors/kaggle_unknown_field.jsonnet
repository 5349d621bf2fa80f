(import 'base.libsonnet') + { kaggle: { kernel: 'me/aimo3', model: { rec: '/kaggle/input/qwen' } } }
