#!/usr/bin/env bash
# Ping-pong across simulated hosts: mpi4ts (cli.ts bench pingpong) against
# C MPI (bench/c/bench.c, the same loop) across the same hosts in the same
# run, one rank on each of 2 network namespaces talking TCP
# (scripts/multihost.sh). Prints one table per MPI: per size, the median
# over launches of each side's sustained mean (all 5 timed runs of a
# launch) and of its best timed run, and the median over rounds of
# mpi4ts / C (a round launches both back to back) with the target
# (8 B: <= 1.5, >= 64 KiB: <= 1.1), judged on the sustained mean.
# Needs root.
#
#   ./bench/multihost.sh [--mpi openmpi|mpich|both] [--runtime deno|node] [--rate 1gbit] [--rounds N]
#
# --rounds N (default 7) launches each side N times, alternating which goes
# first: over veth one launch differs from the next by more than the
# binding costs, so single launches compare the machine's moods.
# ITERATIONS=N sets the timed repetitions (large sizes take fewer).
set -euo pipefail
cd "$(dirname "$0")/.."

MPIS="openmpi mpich" RUNTIME=deno RATE=() ROUNDS=7
while (($#)); do
  case $1 in
    --mpi) [[ $2 == both ]] && MPIS="openmpi mpich" || MPIS=$2; shift 2 ;;
    --runtime) RUNTIME=$2; shift 2 ;;
    --rate) RATE=(--rate "$2"); shift 2 ;;
    --rounds)
      [[ $2 =~ ^[1-9][0-9]*$ ]] || { echo "multihost bench: --rounds must be a positive integer, got '$2'" >&2; exit 2; }
      ROUNDS=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
RANGES=("8 8 ${ITERATIONS:-5000} 200" "65536 4194304 ${ITERATIONS:-2000} 10")

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
  for round in $(seq 1 "$ROUNDS"); do
    for range in "${RANGES[@]}"; do
      read -r min max iterations warmup <<<"$range"
      c=("$TMP/bench-$mpi" pingpong "$min" "$max" "$iterations" "$warmup")
      ts=("${CLI[@]}" bench pingpong --json --min-size "$min" --max-size "$max"
        --iterations "$iterations" --warmup "$warmup")
      # A failed or timed-out run leaves its sizes out of the table.
      if ((round % 2)); then
        on_hosts "$mpi" "${c[@]}" >>"$rows" || true
        on_hosts "$mpi" "${ts[@]}" >>"$rows" || true
      else
        on_hosts "$mpi" "${ts[@]}" >>"$rows" || true
        on_hosts "$mpi" "${c[@]}" >>"$rows" || true
      fi
    done
  done
  label=$([[ $mpi == openmpi ]] && echo "Open MPI" || echo "MPICH")
  echo "# pingpong across 2 simulated hosts (network namespaces, TCP over veth${RATE[1]:+, ${RATE[1]}}), $label, mpi4ts on $RUNTIME"
  echo "# one-way time, median over $ROUNDS launches of each side: sustained mean (all 5 timed runs) and best run;"
  echo "# ratio = median of the rounds' mpi4ts / C (each round launches both, back to back); target on the mean"
  printf '# %9s %10s %10s %10s %10s %8s %8s %8s\n' "size [B]" "C mean" "ts mean" "C best" "ts best" \
    "mean x" "best x" "target"
  # Rows look like {"impl":"C","bench":"pingpong","size":8,"usec":13.1,"mean":13.5}.
  awk -F'[:,}]' '
    function median(list, n, i, j, v, a) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { # insertion sort: a handful of launches
        v = a[i] + 0
        for (j = i - 1; j >= 1 && a[j] + 0 > v; j--) a[j + 1] = a[j]
        a[j + 1] = v
      }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    {
      impl = $2; gsub(/"/, "", impl); size = $6 + 0
      side = (impl == "C") ? "c" : "ts"
      k = ++count[side, size] # the round: both sides append in round order
      best[side, size, k] = $8 + 0
      mean[side, size, k] = $10 + 0
      sizes[size] = 1
    }
    END {
      for (s in sizes) {
        n = count["c", s] < count["ts", s] ? count["c", s] : count["ts", s]
        if (!n) continue
        cm = tm = cb = tb = rm = rb = ""
        for (k = 1; k <= n; k++) {
          cm = cm " " mean["c", s, k]; tm = tm " " mean["ts", s, k]
          cb = cb " " best["c", s, k]; tb = tb " " best["ts", s, k]
          rm = rm " " mean["ts", s, k] / mean["c", s, k]
          rb = rb " " best["ts", s, k] / best["c", s, k]
        }
        r = median(rm)
        target = s + 0 >= 65536 ? 1.1 : 1.5
        printf "%11d %10.3f %10.3f %10.3f %10.3f %8.3f %8.3f %5s%.1f\n", s, median(cm), median(tm),
          median(cb), median(tb), r, median(rb), (r <= target ? "<= " : " > "), target
      }
    }' "$rows" | sort -n
  echo
done
