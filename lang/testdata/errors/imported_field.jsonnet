// Errors in a field an imported file writes are placed in that file.
(import 'base.libsonnet') + (import 'shared_settings.libsonnet')
