#!/usr/bin/env bash
# Ping-pong across simulated hosts: mpi4ts (cli.ts bench pingpong) against
# C MPI (bench/c/bench.c, the same loop) across the same hosts in the same
# run, one rank on each of 2 network namespaces talking TCP
# (scripts/multihost.sh). Prints one table per MPI: size, the one-way
# time of each (best of 5 timed runs), and mpi4ts / C with its target
# (8 B: <= 1.5, >= 64 KiB: <= 1.1). Needs root.
#
#   ./bench/multihost.sh [--mpi openmpi|mpich|both] [--runtime deno|node] [--rate 1gbit] [--rounds N]
#
# --rounds N repeats each measurement N times and keeps each size's best;
# ITERATIONS=N sets the timed repetitions (large sizes take fewer).
set -euo pipefail
cd "$(dirname "$0")/.."

MPIS="openmpi mpich" RUNTIME=deno RATE=() ROUNDS=1
while (($#)); do
  case $1 in
    --mpi) [[ $2 == both ]] && MPIS="openmpi mpich" || MPIS=$2; shift 2 ;;
    --runtime) RUNTIME=$2; shift 2 ;;
    --rate) RATE=(--rate "$2"); shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "multihost bench: unexpected '$1'" >&2; exit 2 ;;
  esac
done

case $RUNTIME in
  deno) CLI=(node_modules/.bin/deno run -A cli.ts) ;;
  node)
    node_modules/.bin/deno run -A scripts/build_npm.ts >/dev/null
    CLI=(node npm/cli.js)
    ;;
  *) echo "multihost bench: --runtime must be deno or node" >&2; exit 2 ;;
esac

TMP=$(mktemp -d /tmp/mpi4ts-bench-multihost.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# Small messages measure latency, large ones bandwidth: two ranges, each
# with repetitions that keep a run short.
RANGES=("8 8 ${ITERATIONS:-5000} 200" "65536 4194304 ${ITERATIONS:-500} 10")

on_hosts() { # mpi, command...: JSON lines of rank 0
  local mpi=$1
  shift
  timeout 300 ./scripts/multihost.sh --mpi "$mpi" --hosts 2 "${RATE[@]}" -- "$@" | grep '^{' || {
    echo "multihost bench: '$*' failed on $mpi" >&2
    return 1
  }
}

for mpi in $MPIS; do
  mpicc.$mpi -O2 -o "$TMP/bench-$mpi" bench/c/bench.c
  rows=$TMP/$mpi.jsonl
  : >"$rows"
  for _ in $(seq 1 "$ROUNDS"); do
    for range in "${RANGES[@]}"; do
      read -r min max iterations warmup <<<"$range"
      # A failed or timed-out run leaves its sizes out of the table.
      on_hosts "$mpi" "$TMP/bench-$mpi" pingpong "$min" "$max" "$iterations" "$warmup" >>"$rows" || true
      on_hosts "$mpi" "${CLI[@]}" bench pingpong --json --min-size "$min" --max-size "$max" \
        --iterations "$iterations" --warmup "$warmup" >>"$rows" || true
    done
  done
  label=$([[ $mpi == openmpi ]] && echo "Open MPI" || echo "MPICH")
  echo "# pingpong across 2 simulated hosts (network namespaces, TCP over veth${RATE[1]:+, ${RATE[1]}}), $label, mpi4ts on $RUNTIME"
  echo "# one-way time, best of 5 timed runs (x$ROUNDS rounds); ratio = mpi4ts / C"
  printf '# %9s %12s %12s %8s %8s\n' "size [B]" "C [us]" "mpi4ts [us]" "ratio" "target"
  # Rows look like {"impl":"C","bench":"pingpong","size":8,"usec":13.1}.
  awk -F'[:,}]' '
    {
      impl = $2; gsub(/"/, "", impl); size = $6 + 0; usec = $8 + 0
      key = (impl == "C") ? "c" : "ts"
      if (!((key, size) in best) || usec < best[key, size]) best[key, size] = usec
    }
    END {
      for (k in best) {
        split(k, part, SUBSEP)
        if (part[1] != "c" || !(("ts", part[2]) in best)) continue
        s = part[2] + 0
        r = best["ts", s] / best["c", s]
        target = s >= 65536 ? 1.1 : 1.5
        printf "%11d %12.3f %12.3f %8.3f %5s%.1f\n", s, best["c", s], best["ts", s], r, (r <= target ? "<= " : " > "), target
      }
    }' "$rows" | sort -n
  echo
done
