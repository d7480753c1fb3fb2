#!/usr/bin/env bash
# A one-node Slurm on this machine, for trying srun/sbatch/salloc with
# mpi4ts: installs slurm-wlm, munge and libpmi2-0 if missing, writes a
# minimal slurm.conf (this host, 2 CPUs, partition "debug") and runs
# munged, slurmctld and slurmd without systemd. Needs root.
#
#   ./scripts/slurm.sh start     install if needed, configure, start, wait until the node is idle
#   ./scripts/slurm.sh stop      stop the daemons this script started
#   ./scripts/slurm.sh status    daemons and node state
#
# Then, for example:
#   srun --mpi=pmix -n 2 deno run -A main.ts     (Open MPI: PMIx)
#   srun --mpi=pmi2 -n 2 deno run -A main.ts     (MPICH: PMI-2)
#
# The configuration goes to /etc/slurm/slurm.conf, where every Slurm
# command looks, unless a slurm.conf this script did not write is there:
# then it goes to $STATE/slurm.conf and the commands need
# SLURM_CONF=$STATE/slurm.conf. Logs and state live in $STATE.
set -euo pipefail

STATE=${MPI4TS_SLURM_STATE:-/var/lib/mpi4ts-slurm}
MARK="# Written by mpi4ts scripts/slurm.sh"
CONF=/etc/slurm/slurm.conf
if [[ -e $CONF ]] && ! grep -qF "$MARK" "$CONF"; then CONF=$STATE/slurm.conf; fi
NODE=$(hostname -s)

need_root() {
  [[ $(id -u) == 0 ]] || { echo "slurm.sh: needs root" >&2; exit 2; }
}

install() {
  local missing=() pkg
  for pkg in slurm-wlm munge libpmi2-0; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  echo "slurm.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

configure() {
  mkdir -p "$STATE/ctld" "$STATE/d" "$(dirname "$CONF")"
  cat >"$CONF" <<EOF
$MARK: one node, no systemd, no accounting.
ClusterName=mpi4ts
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
InactiveLimit=0
KillWait=5
MinJobAge=30
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

running() { # pidfile -> whether its process lives
  [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

start() {
  need_root
  install
  configure
  export SLURM_CONF=$CONF
  if ! running "$STATE/munged.pid"; then
    if [[ -S /run/munge/munge.socket.2 ]] && pgrep -x munged >/dev/null; then
      : # a munged this script did not start serves already: use it
    else
      mkdir -p /run/munge /var/log/munge /var/lib/munge
      chown munge:munge /run/munge /var/log/munge /var/lib/munge
      [[ -f /etc/munge/munge.key ]] || runuser -u munge -- /usr/sbin/mungekey --create
      runuser -u munge -- /usr/sbin/munged --pid-file="$STATE/munged.pid.munge" --force
      sleep 0.5
      cp "$STATE/munged.pid.munge" "$STATE/munged.pid" 2>/dev/null || pgrep -x -n munged >"$STATE/munged.pid"
    fi
  fi
  if ! running "$STATE/slurmctld.pid"; then
    nohup slurmctld -D -f "$CONF" >>"$STATE/slurmctld.out" 2>&1 &
    echo $! >"$STATE/slurmctld.pid"
  fi
  if ! running "$STATE/slurmd.pid"; then
    nohup slurmd -D -f "$CONF" >>"$STATE/slurmd.out" 2>&1 &
    echo $! >"$STATE/slurmd.pid"
  fi
  local state=""
  for _ in $(seq 1 60); do
    state=$(sinfo -h -n "$NODE" -o %t 2>/dev/null || true)
    [[ $state == idle* || $state == mix* || $state == alloc* ]] && break
    [[ $state == down* || $state == drain* ]] && scontrol update nodename="$NODE" state=resume 2>/dev/null || true
    sleep 0.5
  done
  if [[ $state != idle* && $state != mix* && $state != alloc* ]]; then
    echo "slurm.sh: node $NODE did not become idle (state '$state'); logs in $STATE" >&2
    tail -n 5 "$STATE/slurmctld.log" "$STATE/slurmd.log" >&2 2>/dev/null || true
    exit 1
  fi
  echo "slurm.sh: running (node $NODE, 2 CPUs, config $CONF)"
  [[ $CONF == /etc/slurm/slurm.conf ]] || echo "  export SLURM_CONF=$CONF"
}

stop() {
  need_root
  local name pid
  for name in slurmd slurmctld munged; do
    [[ -f $STATE/$name.pid ]] || continue
    pid=$(cat "$STATE/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/$name.pid" "$STATE/$name.pid.munge"
  done
  echo "slurm.sh: stopped"
}

status() {
  local name up=1
  for name in munged slurmctld slurmd; do
    if running "$STATE/$name.pid"; then
      echo "$name: running (pid $(cat "$STATE/$name.pid"))"
    else
      echo "$name: not running"
      [[ $name == munged ]] || up=0
    fi
  done
  if ((up)); then SLURM_CONF=$CONF sinfo -N -o "%N %t %c %P"; fi
  ((up))
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
