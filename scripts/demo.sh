#!/usr/bin/env bash
# Sets up what is missing, then runs the example programs on 4 ranks.
#
#   ./scripts/demo.sh               with Open MPI
#   ./scripts/demo.sh --mpi mpich   with MPICH
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

MPI=openmpi
[[ ${1:-} == --mpi ]] && MPI=${2:?--mpi needs openmpi or mpich}
case $MPI in
  openmpi) LAUNCH=(mpiexec.openmpi --allow-run-as-root --oversubscribe -n 4) ;;
  mpich) LAUNCH=(mpiexec.mpich -n 4) ;;
  *) echo "unknown MPI '$MPI' (openmpi or mpich)" >&2; exit 2 ;;
esac

export NO_COLOR=1
for example in hello values ring pi; do
  echo "== examples/$example.ts on 4 ranks ($MPI)"
  "${LAUNCH[@]}" node_modules/.bin/deno run -A "examples/$example.ts"
  echo
done
