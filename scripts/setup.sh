#!/usr/bin/env bash
# Installs what mpi4ts needs and is missing: Open MPI and MPICH with their
# compilers, Debian's mpi4py for the benchmarks, and from npm (pinned in
# package-lock.json, into node_modules/) Deno, Bun, koffi for the Node backend
# and the TypeScript compiler for the npm package. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DENO=node_modules/.bin/deno
# npm may skip Bun's install script; the package ships the binary itself.
BUN=node_modules/.bin/bun
APT_PACKAGES=(openmpi-bin libopenmpi-dev mpich libmpich-dev python3-mpi4py python3-numpy)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -x $DENO || ! -x $BUN || ! -x node_modules/.bin/tsc || ! -d node_modules/koffi ]]; then
  echo "setup: installing Deno, Bun, koffi and TypeScript from npm"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
if ! $BUN --version >/dev/null 2>&1; then
  echo "setup: $BUN does not run: is node_modules/bun/bin/bun.exe the binary?" >&2
  exit 1
fi
