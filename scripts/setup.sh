#!/usr/bin/env bash
# Installs what mpi4ts needs and is missing: Deno (from npm, into
# node_modules/), Open MPI and MPICH with their compilers, and Debian's
# mpi4py for the benchmarks. Safe to run again: present tools are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

DENO=node_modules/.bin/deno
APT_PACKAGES=(openmpi-bin libopenmpi-dev mpich libmpich-dev python3-mpi4py)

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

if [[ ! -x $DENO ]]; then
  echo "setup: installing Deno from npm"
  npm install --no-save --no-audit --no-fund --loglevel=error deno >/dev/null
fi
