(import 'base.libsonnet') + {
  budget: { total_s: 18000, margin_s: 18000, throughput: { rec: [{ concurrency: 8, tokens_per_s: 900 }, { concurrency: 1, tokens_per_s: 0 }], recc: [] } },
}
