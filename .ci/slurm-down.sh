#!/usr/bin/env bash
# slurm-down.sh: stop the cluster .ci/slurm-up.sh started. Cancels every job,
# waits for them to end, then stops slurmd, slurmctld and (when slurm-up.sh
# started it) munged, each by the pid slurm-up.sh recorded: never by name.
set -uo pipefail

BASE=${AIMO_SLURM_DIR:-/tmp/aimo-slurm}
RUN=$BASE/run
say() { printf 'slurm-down: %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "slurm-down: run me as root" >&2; exit 1; }

alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}
stop() {
  local pid
  if alive "$1" "$2"; then
    pid=$(cat "$1")
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    say "stopped $2 ($pid)"
  fi
  rm -f "$1"
}

if alive "$RUN/slurmctld.pid" slurmctld && scontrol ping >/dev/null 2>&1; then
  jobs=$(squeue -h -o %A 2>/dev/null | sort -un | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    say "cancelling $jobs"
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null
    for _ in $(seq 150); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
fi
stop "$RUN/slurmd.pid" slurmd
stop "$RUN/slurmctld.pid" slurmctld
stop "$RUN/munged.pid" munged
