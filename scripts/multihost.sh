#!/usr/bin/env bash
# Runs COMMAND as an MPI job with one rank on each of N simulated hosts.
#
#   ./scripts/multihost.sh --mpi openmpi|mpich --hosts N [--rate 1gbit] -- COMMAND...
#
# Each host is a network namespace with its own loopback and one link,
# eth0, to a bridge this script creates; host i has the address
# 10.213.S.i/24. The bridge sits in a namespace of its own (the switch),
# so nothing is added to the machine's own network, its firewall rules do
# not apply, and the hosts reach each other and nothing else.
# The launcher runs on host 1; it starts its daemons (Open MPI's orted,
# Hydra's proxies) on the other hosts through an agent script that runs
# them with `ip netns exec`, where a real cluster would use ssh. Ranks talk
# over TCP only: Open MPI's ob1 with the tcp BTL, MPICH's UCX with
# UCX_TLS=tcp,self. COMMAND runs on every host with this repository as its
# working directory. --rate shapes every link both ways with a token
# bucket (tc tbf). Everything made here (namespaces, links, processes) is
# removed at exit, also on failure or Ctrl-C. Needs root.
# MPI4TS_MULTIHOST_VERBOSE=1 has the launcher log each daemon's start and
# report (for a launch that hangs).
#
# Settings that matter here, as on a real cluster:
#   Open MPI: --bind-to none (each daemon would otherwise bind its rank to
#     core 0 of a machine it shares with the others), btl tcp,self and
#     btl_tcp_if_include / oob_tcp_if_include eth0.
#   MPICH: -iface eth0 (Hydra's proxies would otherwise dial the host name,
#     which resolves to loopback inside a namespace), UCX_TLS=tcp,self and
#     UCX_NET_DEVICES=eth0 (UCX would otherwise use shared memory, since the
#     hosts share one kernel). See README "Running on a cluster".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

usage() { sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; }

MPI="" HOSTS="" RATE=""
while (($#)); do
  case $1 in
    --mpi) MPI=${2:-}; shift 2 ;;
    --hosts) HOSTS=${2:-}; shift 2 ;;
    --rate) RATE=${2:-}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "multihost: unexpected '$1' (did you forget '--' before the command?)" >&2; exit 2 ;;
  esac
done
[[ $MPI == openmpi || $MPI == mpich ]] || { echo "multihost: --mpi must be openmpi or mpich, got '$MPI'" >&2; exit 2; }
[[ $HOSTS =~ ^[1-9][0-9]?$ && $HOSTS -le 32 ]] || { echo "multihost: --hosts must be 1..32, got '$HOSTS'" >&2; exit 2; }
(($#)) || { echo "multihost: missing COMMAND after --" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "multihost: needs root (network namespaces)" >&2; exit 2; }

# A tag unique to this run names everything it makes.
TAG=m4t$$
SUBNET=10.213.$(($$ % 250 + 1))
SWITCH=${TAG}sw
WORK=$(mktemp -d "/tmp/mpi4ts-multihost.XXXXXX")
NAMESPACES=()

cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  local ns pids
  for ns in "${NAMESPACES[@]}"; do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -n $pids ]] && kill -TERM $pids 2>/dev/null || true
  done
  for ns in "${NAMESPACES[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      [[ -z $(ip netns pids "$ns" 2>/dev/null || true) ]] && break
      sleep 0.2
    done
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -n $pids ]] && kill -KILL $pids 2>/dev/null || true
    # Deleting the namespace deletes its end of the link, and so the link.
    ip netns delete "$ns" 2>/dev/null || true
  done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

ip netns add "$SWITCH"
NAMESPACES+=("$SWITCH")
ip -n "$SWITCH" link add br0 type bridge
ip -n "$SWITCH" link set br0 up
for i in $(seq 1 "$HOSTS"); do
  ns=${TAG}h$i
  ip netns add "$ns"
  NAMESPACES+=("$ns")
  ip -n "$SWITCH" link add "port$i" type veth peer name eth0 netns "$ns"
  ip -n "$SWITCH" link set "port$i" master br0 up
  ip -n "$ns" addr add "$SUBNET.$i/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  if [[ -n $RATE ]]; then
    tc -n "$SWITCH" qdisc add dev "port$i" root tbf rate "$RATE" burst 256kb latency 50ms
    tc -n "$ns" qdisc add dev eth0 root tbf rate "$RATE" burst 256kb latency 50ms
  fi
  echo "$SUBNET.$i" >>"$WORK/hosts"
done

# Each host gets a core of its own (host i: core (i-1) mod cores), as real
# hosts have: unpinned, the ranks' scheduler placement changes from launch
# to launch, and with it the time of a 1 MiB transfer by up to half.
CORES=()
IFS=, read -ra ranges < <(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)
for r in "${ranges[@]}"; do
  for ((c = ${r%-*}; c <= ${r#*-}; c++)); do CORES+=("$c"); done
done

# The launcher agent: called as `agent [options] HOST COMMAND...` the way
# ssh is, it runs COMMAND in HOST's namespace, on HOST's core.
AGENT=$WORK/agent
cat >"$AGENT" <<EOF
#!/usr/bin/env bash
while [[ \$1 == -* ]]; do shift; done
host=\${1##*.}; shift
cores=(${CORES[*]})
exec ip netns exec "${TAG}h\$host" taskset -c \${cores[(host - 1) % ${#CORES[@]}]} /bin/sh -c "cd '$ROOT' 2>/dev/null; \$*"
EOF
chmod +x "$AGENT"

# Slurm's variables would make the launchers use the allocation instead.
while read -r v; do unset "$v"; done < <(env | sed -n 's/^\(SLURM_[A-Z_]*\)=.*/\1/p')
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export UCX_TLS=${UCX_TLS:-tcp,self} UCX_NET_DEVICES=${UCX_NET_DEVICES:-eth0}

case $MPI in
  openmpi)
    sed 's/$/ slots=1/' "$WORK/hosts" >"$WORK/hostfile"
    forward=()
    while read -r v; do forward+=(-x "$v"); done < <(env | sed -n 's/^\(MPI4TS_[A-Z_]*\|NO_COLOR\|UCX_[A-Z_]*\)=.*/\1/p')
    launch=(mpiexec.openmpi --hostfile "$WORK/hostfile" -n "$HOSTS" --map-by node --bind-to none
      --wdir "$ROOT" "${forward[@]}"
      --mca plm rsh --mca plm_rsh_agent "$AGENT" --mca plm_rsh_no_tree_spawn 1
      --mca pml ob1 --mca btl tcp,self
      --mca btl_tcp_if_include eth0 --mca oob_tcp_if_include eth0)
    # Each daemon's launch and report, for a launch that hangs.
    if [[ -n ${MPI4TS_MULTIHOST_VERBOSE:-} ]]; then launch+=(--mca plm_base_verbose 5); fi
    ;;
  mpich)
    launch=(mpiexec.mpich -launcher ssh -launcher-exec "$AGENT" -iface eth0
      -hosts "$(paste -sd, "$WORK/hosts")" -n "$HOSTS" -ppn 1 -wdir "$ROOT")
    if [[ -n ${MPI4TS_MULTIHOST_VERBOSE:-} ]]; then launch+=(-verbose); fi
    ;;
esac

set +e
ip netns exec "${TAG}h1" taskset -c "${CORES[0]}" "${launch[@]}" "$@"
status=$?
set -e
exit "$status"
