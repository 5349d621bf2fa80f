#!/usr/bin/env bash
# slurm-up.sh: a real single-node Slurm cluster from Debian's packages, for the
# tests of aimo's Slurm launcher. Needs root; needs neither systemd nor cgroups.
#
#   sudo .ci/slurm-up.sh     # install if needed, configure, start, wait until the node is idle
#   sudo .ci/slurm-down.sh   # cancel every job, stop the daemons this script started
#
# Running it again while its cluster answers does nothing. Finished jobs have no
# database here: aimo reads their fate from scontrol, which keeps them for
# MinJobAge seconds.
#
# Environment (optional):
#   AIMO_SLURM_DIR   state, logs and pid files        [/tmp/aimo-slurm]
#   AIMO_SLURM_CPUS  CPUs the node advertises; more than the machine has is
#                    allowed (the tests' jobs mostly wait on each other)  [4]
set -euo pipefail

BASE=${AIMO_SLURM_DIR:-/tmp/aimo-slurm}
CPUS=${AIMO_SLURM_CPUS:-4}
CONF=/etc/slurm/slurm.conf
MARK="# written by aimo's .ci/slurm-up.sh"
RUN=$BASE/run
LOG=$BASE/log

say() { printf 'slurm-up: %s\n' "$*"; }
die() { printf 'slurm-up: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run me as root"

# alive FILE NAME: the pid in FILE runs and is called NAME (a reused pid is not ours).
alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}
# retry SECONDS CMD...: run CMD every quarter second until it succeeds.
retry() {
  local n=$(($1 * 4)); shift
  while [ "$n" -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; n=$((n - 1)); done
  return 1
}

pkgs=(slurmctld slurmd slurm-client munge)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

mkdir -p "$RUN" "$LOG"
if alive "$RUN/slurmctld.pid" slurmctld && alive "$RUN/slurmd.pid" slurmd \
  && grep -qxF "$MARK" "$CONF" 2>/dev/null && scontrol ping >/dev/null 2>&1; then
  say "already up"
  sinfo
  exit 0
fi
"$(dirname "$0")/slurm-down.sh" >/dev/null 2>&1 || true

# munge authenticates every Slurm message. As root, munged refuses its own log
# file ("insecure"), so it runs as the munge user, as its packaged service does.
if [ ! -s /etc/munge/munge.key ]; then
  mungekey --create --keyfile=/etc/munge/munge.key
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
  retry 10 sh -c 'munge -n | unmunge' || die "munged does not answer (see /var/log/munge/munged.log)"
  cp /run/munge/munged.pid "$RUN/munged.pid"
fi

NODE=$(hostname -s)
MEM=$(awk '/^MemAvailable:/ { m = int($2 / 1024 * 0.9); print (m > 64000 ? 64000 : m) }' /proc/meminfo)
mkdir -p "$(dirname "$CONF")"
# What matters: proctrack/pgid (linuxproc lets a child that ignores SIGTERM
# outlive scancel), no task plugin (no cgroups), batch_sched_delay=0 (jobs start
# within a second, not in 3 s batches), config_overrides (CPUs may exceed the
# machine's), MinJobAge (finished jobs stay visible to scontrol for an hour).
cat >"$CONF" <<EOF
$MARK
ClusterName=aimo-ci
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$BASE/ctld
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
KillWait=5
SlurmdParameters=config_overrides
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=3600
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG/jobcomp.txt
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

rm -rf "$BASE/ctld" "$BASE/spool"
mkdir -p "$BASE/ctld" "$BASE/spool"
/usr/sbin/slurmctld
retry 10 scontrol ping || { tail -20 "$LOG/slurmctld.log" >&2; die "slurmctld did not come up"; }
/usr/sbin/slurmd -N "$NODE"
retry 10 test -s "$RUN/slurmd.pid" || { tail -20 "$LOG/slurmd.log" >&2; die "slurmd did not start"; }

for _ in $(seq 240); do
  state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
  case "$state" in
    idle) break ;;
    down* | drain* | inval* | fail*) scontrol update NodeName="$NODE" State=RESUME 2>/dev/null || true ;;
  esac
  sleep 0.25
done
[ "$state" = idle ] || { tail -20 "$LOG/slurmctld.log" "$LOG/slurmd.log" >&2; die "node $NODE is '$state', not idle"; }
say "node $NODE idle with $CPUS CPUs; logs in $LOG"
sinfo
