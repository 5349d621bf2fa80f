// The error names line 7, where the misspelt field is written.
local aimo = import 'aimo.libsonnet';

(import 'base.libsonnet') + {
  voting: {
    method: ['majority'],
    earlystop: [0, 4],
  },
}
