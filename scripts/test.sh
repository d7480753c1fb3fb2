#!/usr/bin/env bash
# Runs every tests/*_test.ts under mpiexec on 1..4 ranks with Open MPI and
# MPICH (one file per launch: MPI initializes once per process), plus the
# static checks. Each run's line counts its tests and the ignored ones (a
# test that does not apply there, with the reason in the log). Ends with
# "N passed, N failed".
#
#   ./scripts/test.sh                      everything
#   ./scripts/test.sh --mpi mpich --np "1 2" --runtime node tests/p2p_values_test.ts
#
# Test files run under Deno and, compiled by scripts/build_npm.ts, under
# Node too, unless they use Deno's own APIs. The npm package is packed,
# installed into an empty project and run on 2 ranks. A test file may
# restrict its rank counts with a first-lines comment
#   // mpi4ts-test: np=1,2
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

DENO=node_modules/.bin/deno
MPIS="openmpi mpich"
NPS="1 2 3 4"
RUNTIMES="deno node"
FILES=()
while (($#)); do
  case $1 in
    --mpi) MPIS=$2; shift 2 ;;
    --np) NPS=$2; shift 2 ;;
    --runtime) RUNTIMES=$2; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
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
mapfile -t SOURCES < <(git ls-files '*.ts' '*.md' | grep -vE '^(tests|bench|scripts|examples)/')
if { $DENO fmt --check && $DENO lint && $DENO check mod.ts rc.ts cli.ts util/mod.ts tests/*.ts examples/*.ts bench/*.ts scripts/*.ts &&
  $DENO check --doc-only "${SOURCES[@]}" &&
  $DENO doc --lint mod.ts rc.ts cli.ts util/mod.ts && $DENO publish --dry-run --allow-dirty; } >"$static_log" 2>&1; then
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

allowed_np() { # file -> rank counts it runs with
  local spec
  spec=$(sed -n '1,5s|^// mpi4ts-test: np=\([0-9,]*\).*|\1|p' "$1")
  if [[ -n $spec ]]; then echo "${spec//,/ }"; else echo "1 2 3 4"; fi
}

runs_under() { # runtime, file -> whether the file runs on that runtime
  [[ $1 == deno ]] || ! grep -q 'Deno\.' "$2"
}

command_for() { # runtime, file
  case $1 in
    deno) echo "$DENO test -A $2" ;;
    node) echo "node $NODE_TESTS/${2%.ts}.js" ;;
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
    [[ $3 == 124 ]] && echo "timed out after 150 s" >>"$2"
    ((leaks)) && echo "MPI objects leaked at MPI_Finalize" >>"$2"
    printf 'FAILED  %-58s exit %s %6ss\n' "$1" "$3" "$4"
    record "$1" 1 "$2"
  fi
}

timed() { # log, command...: runs with a time limit; sets status and secs
  local log=$1 start
  shift
  start=$(date +%s%N)
  set +e
  timeout 150 "$@" >"$log" 2>&1
  status=$?
  set -e
  secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
}

# The npm package and the tests compiled for Node.
NODE_TESTS=.npm-test
if [[ $RUNTIMES == *node* ]]; then
  build_log=$LOGS/npm-build.log
  if $DENO run -A scripts/build_npm.ts --tests >"$build_log" 2>&1; then
    echo "ok      npm build (package and Node tests)"
    record "npm build" 0 "$build_log"
  else
    record "npm build" 1 "$build_log"
    RUNTIMES=${RUNTIMES//node/}
  fi
fi

for mpi in $MPIS; do
  for runtime in $RUNTIMES; do
    for file in "${FILES[@]}"; do
      runs_under "$runtime" "$file" || continue
      allowed=" $(allowed_np "$file") "
      for np in $NPS; do
        [[ $allowed == *" $np "* ]] || continue
        name="$mpi np=$np $runtime $file"
        log="$LOGS/$mpi-np$np-$runtime-$(basename "$file" .ts).log"
        # shellcheck disable=SC2046
        timed "$log" $(launcher "$mpi" "$np") $(command_for "$runtime" "$file")
        check_run "$name" "$log" "$status" "$secs"
      done
    done
  done
  if [[ $RUNTIMES == *node* && ${#FILES[@]} -gt 1 ]]; then
    log="$LOGS/$mpi-npm-package.log"
    timed "$log" ./scripts/npm_smoke.sh "$mpi"
    check_run "$mpi np=2 node npm package (pack, install, run)" "$log" "$status" "$secs"
  fi
done

echo
echo "$tests tests passed, $ignored ignored, inside $passed runs that passed"
((failed)) && printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
((failed == 0))
