#!/usr/bin/env bash
# Runs every tests/*_test.ts under mpiexec on 1..4 ranks with Open MPI and
# MPICH (one file per launch: MPI initializes once per process), plus the
# static checks. Each run's line counts its tests and the ignored ones (a
# test that does not apply there, with the reason in the log). Ends with
# "N passed, N failed".
#
#   ./scripts/test.sh                      everything
#   ./scripts/test.sh --mpi mpich --np "1 2" --runtime node tests/p2p_values_test.ts
#   ./scripts/test.sh --mpi openmpi --np 2 --runtime bun tests/ops_test.ts
#
# Test files run under Deno and, unless they use Deno's own APIs, under
# Node (compiled by scripts/build_npm.ts) and Bun (the TypeScript sources as
# they are): on 1–4 ranks under Deno, under Bun on 1–4 with Open MPI and
# 1–2 with MPICH, on 2 under Node, unless --np says otherwise. The npm package is packed, installed into an empty project and
# run on 2 ranks under Node and Bun. A test file may
# restrict its rank counts with a first-lines comment
#   // mpi4ts-test: np=1,2
# A file marked "// mpi4ts-test: multihost" runs instead with one rank on
# each of 2 and 3 simulated hosts (./scripts/multihost.sh: network
# namespaces talking TCP; needs root, else skipped with the reason). A file
# marked "// mpi4ts-test: slurm" runs under a one-node Slurm
# (./scripts/slurm.sh, started and stopped here): srun --mpi=pmix with
# Open MPI, srun --mpi=pmi2 with MPICH, sbatch, and mpiexec inside salloc.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

DENO=node_modules/.bin/deno
BUN=node_modules/.bin/bun
MPIS="openmpi mpich"
# Rank counts: see default_nps below; --np sets them for all.
NPS=""
RUNTIMES="deno node bun"
FILES=()
while (($#)); do
  case $1 in
    --mpi) MPIS=$2; shift 2 ;;
    --np) NPS=$2; shift 2 ;;
    --runtime) RUNTIMES=$2; shift 2 ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) FILES+=("$1"); shift ;;
  esac
done
((${#FILES[@]})) || mapfile -t FILES < <(ls tests/*_test.ts 2>/dev/null)

LOGS=.test-logs
rm -rf "$LOGS" && mkdir -p "$LOGS"
export NO_COLOR=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
passed=0 failed=0 tests=0 ignored=0
failures=()

record() { # name, status, log
  if [[ $2 == 0 ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$1")
    echo "---- FAILED: $1 (log: $3)"
    tail -n 40 "$3" | sed 's/^/    /'
  fi
}

# Static checks: formatting, lint, types, the type of every documentation
# example (JSDoc and Markdown), documentation of every export, and that the
# module would publish to JSR (no slow types).
static_log=$LOGS/static.log
mapfile -t SOURCES < <(git ls-files '*.ts' | grep -vE '^(tests|bench|scripts|examples)/')
if { $DENO fmt --check && $DENO lint && $DENO check mod.ts rc.ts cli.ts util/mod.ts futures/mod.ts futures/worker_main.ts tests/*.ts tests/fixtures/*.ts examples/*.ts bench/*.ts scripts/*.ts &&
  $DENO check --doc-only "${SOURCES[@]}" &&
  $DENO doc --lint mod.ts rc.ts cli.ts util/mod.ts futures/mod.ts && $DENO publish --dry-run --allow-dirty; } >"$static_log" 2>&1; then
  echo "ok      static (fmt, lint, check, doc examples, doc lint, publish dry run)"
  record static 0 "$static_log"
else
  record static 1 "$static_log"
fi

forwarded() { # MPI4TS_* variables for Open MPI, which does not pass the environment on
  env | sed -n 's/^\(MPI4TS_[A-Z_]*\)=.*/-x \1/p' | tr '\n' ' '
}

launcher() { # mpi, np
  case $1 in
    openmpi) echo "mpiexec.openmpi --oversubscribe --tag-output -x NO_COLOR $(forwarded) -n $2" ;;
    mpich) echo "mpiexec.mpich -prepend-rank -n $2" ;;
  esac
}

allowed_np() { # file -> rank counts it runs with (none: multihost files)
  local spec
  { multihost "$1" || under_slurm "$1"; } && return 0
  spec=$(sed -n '1,5s|^// mpi4ts-test: np=\([0-9,]*\).*|\1|p' "$1")
  if [[ -n $spec ]]; then echo "${spec//,/ }"; else echo "1 2 3 4"; fi
}

# (grep reads the file itself: with pipefail, a writer cut off by `grep -q`
# exiting early would fail the pipeline with SIGPIPE.)
multihost() { # file -> whether it runs across simulated hosts
  grep -qm1 '^// mpi4ts-test: multihost' <(sed -n '1,5p' "$1")
}

under_slurm() { # file -> whether it runs under Slurm
  grep -qm1 '^// mpi4ts-test: slurm' <(sed -n '1,5p' "$1")
}

runs_under() { # runtime, file -> whether the file runs on that runtime
  [[ $1 == deno ]] || ! grep -q 'Deno\.' "$2"
}

command_for() { # runtime, file
  case $1 in
    deno) echo "$DENO test -A --no-check $2" ;; # the static step type-checks every file once
    node) echo "node $NODE_TESTS/${2%.ts}.js" ;;
    bun) echo "$BUN run $2" ;;
  esac
}

check_run() { # name, log, status, secs: a run passes when every rank reported ok
  local oks n skipped leaks # -a: logs stay text even if a rank prints a NUL byte
  oks=$(grep -acE '(^|\] ?|: ?)ok \| [0-9]+ passed \| 0 failed' "$2" || true)
  # MPICH reports MPI objects still allocated at MPI_Finalize.
  leaks=$(grep -aciE 'leaked (context|.*(handle|objects))' "$2" || true)
  # tests passed and ignored, from the rank that ignored most (a test may
  # not apply on one rank only; deno test omits "| 0 ignored")
  read -r n skipped < <(awk '
    match($0, /ok \| [0-9]+ passed \| 0 failed( \| [0-9]+ ignored)?/) {
      split(substr($0, RSTART, RLENGTH), f, / *\| */)
      p = f[2] + 0; i = (4 in f) ? f[4] + 0 : 0
      if (!seen || i > best) { seen = 1; best = i; passed = p }
    }
    END { print (seen ? passed : 0), (seen ? best : 0) }' "$2")
  # Exit status decides (any failing rank fails the job); launchers may
  # drop a rank's last lines at exit, so one summary line is enough.
  if [[ $3 == 0 && $oks -ge 1 && $leaks == 0 ]]; then
    tests=$((tests + n))
    ignored=$((ignored + skipped))
    # a run whose every test was ignored is not shown as a pass
    local verdict=ok
    ((n == 0 && skipped > 0)) && verdict=ignored
    printf '%-7s %-58s %3s tests, %s ignored %6ss\n' "$verdict" "$1" "$n" "$skipped" "$4"
    record "$1" 0 "$2"
  else
    [[ $3 == 124 ]] && echo "timed out after $4 s" >>"$2"
    ((leaks)) && echo "MPI objects leaked at MPI_Finalize" >>"$2"
    printf 'FAILED  %-58s exit %s %6ss\n' "$1" "$3" "$4"
    record "$1" 1 "$2"
  fi
}

timed() { # log, command...: runs within LIMIT seconds (150); sets status and secs
  local log=$1 start
  shift
  start=$(date +%s%N)
  set +e
  timeout "${LIMIT:-150}" "$@" >"$log" 2>&1
  status=$?
  set -e
  secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
}

# The npm package and the tests compiled for Node.
NODE_TESTS=.npm-test
PACKAGED=""
if [[ $RUNTIMES == *node* || ($RUNTIMES == *bun* && ${#FILES[@]} -gt 1) ]]; then
  build_log=$LOGS/npm-build.log
  if $DENO run -A scripts/build_npm.ts --tests >"$build_log" 2>&1; then
    echo "ok      npm build (package and Node tests)"
    record "npm build" 0 "$build_log"
    PACKAGED=$RUNTIMES
  else
    record "npm build" 1 "$build_log"
    RUNTIMES=${RUNTIMES//node/}
  fi
fi

# Rank counts when --np is not given. Deno: 1–4. Bun: 1–4 with Open MPI,
# 1–2 with MPICH (its 3 and 4 oversubscribed ranks under Bun take 4 more
# minutes; --np "1 2 3 4" runs them). Node: 2 (its FFI layer is the only
# difference from Bun's runs, and the suite stays within its budget).
default_nps() { # runtime, mpi
  case $1/$2 in
    deno/*) echo "1 2 3 4" ;;
    bun/openmpi) echo "1 2 3 4" ;;
    bun/*) echo "1 2" ;;
    *) echo "2" ;;
  esac
}

for mpi in $MPIS; do
  for runtime in $RUNTIMES; do
    for file in "${FILES[@]}"; do
      runs_under "$runtime" "$file" || continue
      allowed=" $(allowed_np "$file") "
      nps=$NPS
      [[ -n $nps ]] || nps=$(default_nps "$runtime" "$mpi")
      # A file that runs on fewer rank counts keeps them on every runtime.
      [[ $allowed == " 1 2 3 4 " ]] || nps=${NPS:-1 2 3 4}
      for np in $nps; do
        [[ $allowed == *" $np "* ]] || continue
        name="$mpi np=$np $runtime $file"
        log="$LOGS/$mpi-np$np-$runtime-$(basename "$file" .ts).log"
        # shellcheck disable=SC2046
        timed "$log" $(launcher "$mpi" "$np") $(command_for "$runtime" "$file")
        check_run "$name" "$log" "$status" "$secs"
      done
    done
  done
  for runtime in $PACKAGED; do
    [[ $runtime != deno && ${#FILES[@]} -gt 1 ]] || continue
    log="$LOGS/$mpi-$runtime-npm-package.log"
    timed "$log" ./scripts/npm_smoke.sh "$mpi" "$runtime"
    check_run "$mpi np=2 $runtime npm package (pack, install, run)" "$log" "$status" "$secs"
  done
done

# Across simulated hosts: one rank per network namespace, TCP between them.
MULTIHOST_FILES=()
for file in "${FILES[@]}"; do multihost "$file" && MULTIHOST_FILES+=("$file"); done
if ((${#MULTIHOST_FILES[@]})); then
  probe=m4tprobe$$
  if [[ $(id -u) != 0 ]]; then
    echo "skip    multihost tests: network namespaces need root (run as root or with sudo)"
  elif ! { ip netns add "$probe" && ip netns delete "$probe"; } >/dev/null 2>&1; then
    echo "skip    multihost tests: 'ip netns add' fails here (no network namespaces)"
  else
    outer=$(readlink /proc/self/ns/net)
    for mpi in $MPIS; do
      # MPICH 4.0 over UCX's TCP transport can hang in MPI_Finalize with
      # 3 or more hosts (README "Running on a cluster"): 2 hosts there.
      hostcounts="2 3"
      [[ $mpi == mpich ]] && hostcounts="2"
      for runtime in $RUNTIMES; do
        for file in "${MULTIHOST_FILES[@]}"; do
          runs_under "$runtime" "$file" || continue
          for hosts in $hostcounts; do
            name="$mpi hosts=$hosts $runtime $file"
            log="$LOGS/$mpi-hosts$hosts-$runtime-$(basename "$file" .ts).log"
            run_hosts() { # [verbose]: the launcher also logs each daemon's start
              # shellcheck disable=SC2046
              LIMIT=60 timed "$log" env MPI4TS_TEST_HOSTS="$hosts" MPI4TS_TEST_OUTER_NETNS="$outer" \
                MPI4TS_MULTIHOST_VERBOSE="${1:-}" \
                ./scripts/multihost.sh --mpi "$mpi" --hosts "$hosts" -- $(command_for "$runtime" "$file")
            }
            run_hosts
            # Open MPI's daemons, started through namespaces, now and then
            # never report back (no rank starts; a launch otherwise takes
            # 1-3 s): up to two more launches, said so, whose logs show
            # which daemon did not report.
            for attempt in 2 3; do
              [[ $status == 124 ]] || break
              mv "$log" "$log.timeout$((attempt - 1))"
              run_hosts verbose
              echo "(launch $attempt: the one before timed out, see $log.timeout$((attempt - 1)))" >>"$log"
            done
            check_run "$name" "$log" "$status" "$secs"
          done
        done
      done
    done
  fi
fi

# Under Slurm: srun with each MPI's plugin, sbatch, salloc + mpiexec, and
# srun --mpi=none refused with advice. Slurm stops after, unless it ran before.
SLURM_FILES=()
for file in "${FILES[@]}"; do under_slurm "$file" && SLURM_FILES+=("$file"); done
if ((${#SLURM_FILES[@]})); then
  if [[ $(id -u) != 0 ]]; then
    echo "skip    slurm tests: starting Slurm daemons needs root"
  else
    slurm_was_up=0
    ./scripts/slurm.sh status >/dev/null 2>&1 && slurm_was_up=1
    log=$LOGS/slurm-start.log
    if timed "$log" ./scripts/slurm.sh start && [[ $status == 0 ]]; then
      echo "ok      slurm start (munged, slurmctld, slurmd)"
      record "slurm start" 0 "$log"
      plugin() { case $1 in openmpi) echo pmix ;; mpich) echo pmi2 ;; esac; }
      # Submits a job script, waits for it, fails unless it exited 0.
      sbatch_wait=(bash -c 'id=$(sbatch --parsable "$1") || exit 1
        trap "scancel $id" TERM
        while [[ -n $(squeue -h -j "$id" 2>/dev/null) ]]; do sleep 0.5; done
        scontrol show job "$id" | grep -q "ExitCode=0:0"' sbatch_wait)
      for mpi in $MPIS; do
        export MPI4TS_TEST_MPI=$mpi MPI4TS_TEST_NP=2
        for runtime in $RUNTIMES; do
          for file in "${SLURM_FILES[@]}"; do
            runs_under "$runtime" "$file" || continue
            base=$(basename "$file" .ts)
            name="$mpi srun --mpi=$(plugin "$mpi") -n 2 $runtime $file"
            log="$LOGS/$mpi-srun-$runtime-$base.log"
            # shellcheck disable=SC2046
            timed "$log" srun --mpi="$(plugin "$mpi")" -n 2 $(command_for "$runtime" "$file")
            check_run "$name" "$log" "$status" "$secs"
          done
        done
        file=${SLURM_FILES[0]}
        base=$(basename "$file" .ts)
        job=$LOGS/$mpi-sbatch-$base.sh
        printf '#!/bin/sh\n#SBATCH -n 2\n#SBATCH -o %s\nexec srun --mpi=%s %s\n' \
          "$LOGS/$mpi-sbatch-$base.out" "$(plugin "$mpi")" "$(command_for deno "$file")" >"$job"
        log="$LOGS/$mpi-sbatch-$base.log"
        # sbatch -W polls slowly (half a minute after the job ends): poll here.
        timed "$log" "${sbatch_wait[@]}" "$job"
        cat "$LOGS/$mpi-sbatch-$base.out" >>"$log" 2>/dev/null || true
        check_run "$mpi sbatch (srun --mpi=$(plugin "$mpi") -n 2) deno $file" "$log" "$status" "$secs"
        log="$LOGS/$mpi-salloc-$base.log"
        # shellcheck disable=SC2046
        timed "$log" salloc -n 2 $(launcher "$mpi" 2) $(command_for deno "$file")
        check_run "$mpi salloc -n 2 + mpiexec -n 2 deno $file" "$log" "$status" "$secs"
        # Without a plugin, every task would be a world of 1: refused.
        log="$LOGS/$mpi-srun-none-$base.log"
        timed "$log" env MPI4TS_LIBMPI="$([[ $mpi == openmpi ]] && echo libmpi.so.40 || echo libmpich.so.12)" \
          srun --mpi=none -n 2 $DENO run -A examples/hello.ts
        name="$mpi srun --mpi=none -n 2 refused, naming --mpi=$(plugin "$mpi")"
        if [[ $status != 0 ]] && grep -q "srun --mpi=$(plugin "$mpi")" "$log"; then
          printf 'ok      %-58s %17ss\n' "$name" "$secs"
          record "$name" 0 "$log"
        else
          printf 'FAILED  %-58s exit %s %6ss\n' "$name" "$status" "$secs"
          record "$name" 1 "$log"
        fi
        unset MPI4TS_TEST_MPI MPI4TS_TEST_NP
      done
    else
      record "slurm start" 1 "$log"
    fi
    if ((!slurm_was_up)); then
      ./scripts/slurm.sh stop >>"$LOGS/slurm-start.log" 2>&1 || true
    fi
  fi
fi

echo
echo "$tests tests passed, $ignored ignored, inside $passed runs that passed"
((failed)) && printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
((failed == 0))
