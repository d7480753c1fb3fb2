#!/usr/bin/env bash
# Builds mpi4py 3.1.4, the version Debian ships (built for Open MPI only),
# against MPICH into bench/bin/mpi4py-mpich/, so that the benchmark reports
# compare mpi4ts on MPICH with mpi4py on MPICH. Without it they compare with
# mpi4py on Open MPI and say so. Safe to run again.
#
#   ./scripts/mpi4py_mpich.sh                 # clones mpi4py's 3.1.4 tag
#   MPI4PY_SRC=<checkout or .tar.gz of 3.1.4> ./scripts/mpi4py_mpich.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=3.1.4
OUT=bench/bin/mpi4py-mpich
# Debian's Python: its Cython 0.29 builds mpi4py 3.1 (Cython 3 does not).
PYTHON=/usr/bin/python3

if compgen -G "$OUT/mpi4py/MPI.*.so" >/dev/null; then
  echo "mpi4py_mpich: $OUT is built"
  exit 0
fi

missing=()
for pkg in cython3 python3-dev libmpich-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Stops unless directory $1 holds mpi4py's source at $VERSION.
checkVersion() {
  local found
  found=$(sed -n 's/^__version__ = .\(.*\).$/\1/p' "$1/src/mpi4py/__init__.py" 2>/dev/null || true)
  if [[ $found != "$VERSION" ]]; then
    echo "mpi4py_mpich: MPI4PY_SRC (or the clone) holds mpi4py '${found:-?}', not $VERSION" >&2
    exit 1
  fi
}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SRC=$WORK/src
if [[ -n ${MPI4PY_SRC:-} && -d $MPI4PY_SRC ]]; then
  checkVersion "$MPI4PY_SRC"
  cp -r "$MPI4PY_SRC" "$SRC"
elif [[ -n ${MPI4PY_SRC:-} ]]; then
  mkdir "$SRC"
  if [[ ! -f $MPI4PY_SRC ]] || ! tar -xf "$MPI4PY_SRC" -C "$SRC" --strip-components=1 2>/dev/null; then
    echo "mpi4py_mpich: MPI4PY_SRC=$MPI4PY_SRC is neither a directory nor a source archive" >&2
    exit 1
  fi
elif ! timeout 120 git clone -q --depth 1 --branch "$VERSION" \
  https://github.com/mpi4py/mpi4py "$SRC" 2>/dev/null; then
  echo "mpi4py_mpich: cannot fetch mpi4py $VERSION; set MPI4PY_SRC to a" \
    "checkout or source archive of it" >&2
  exit 1
fi
checkVersion "$SRC"

echo "mpi4py_mpich: building mpi4py $VERSION with mpicc.mpich"
(cd "$SRC" && $PYTHON setup.py -q build --mpicc=mpicc.mpich \
  --build-base "$WORK/build" >"$WORK/build.log" 2>&1) || {
  tail -20 "$WORK/build.log" >&2
  exit 1
}
mkdir -p "$OUT"
cp -r "$WORK"/build/lib.*/mpi4py "$OUT/"
PYTHONPATH=$OUT $PYTHON -c 'import mpi4py.MPI as M; v = M.Get_library_version(); assert v.startswith("MPICH"), v'
echo "mpi4py_mpich: built into $OUT"
