#!/usr/bin/env bash
# Packs npm/ (built by scripts/build_npm.ts), installs the tarball into an
# empty project and runs a 2-rank program with Node or Bun: a value
# exchange, a buffer Allreduce and a user-defined Op; then under Node a
# program that loaded another library with koffi first, under Bun the same
# program as TypeScript, and the `mpi4ts` bin (`bunx mpi4ts run` under Bun).
#
#   ./scripts/npm_smoke.sh openmpi|mpich [node|bun]
set -euo pipefail
cd "$(dirname "$0")/.."
MPI=${1:-openmpi}
RUNTIME=${2:-node}
ROOT=$PWD
BUN=$ROOT/node_modules/.bin/bun
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

tarball=$(cd npm && npm pack --silent --pack-destination "$WORK" 2>/dev/null | tail -1)
cd "$WORK"
npm init -y >/dev/null
npm install --prefer-offline --no-audit --no-fund --loglevel=error "./$tarball" 2>&1 |
  grep -v 'nodedir' || true

cat >app.mjs <<'JS'
import assert from "node:assert/strict";
import * as mpi from "mpi4ts";

const comm = mpi.COMM_WORLD;
const { rank, size } = comm;
assert.equal(size, 2);
const peer = 1 - rank;

const got = comm.sendrecv({ from: rank, big: 2n ** 70n, tags: new Set(["a"]) }, peer, 0, peer, 0);
assert.deepEqual(got, { from: peer, big: 2n ** 70n, tags: new Set(["a"]) });

const data = new Float64Array([rank + 1, 10 * (rank + 1)]);
comm.Allreduce(mpi.IN_PLACE, data, mpi.SUM);
assert.deepEqual([...data], [3, 30]);

const maxAbs = mpi.Op.Create((invec, inout) => {
  for (let i = 0; i < inout.length; i++) {
    inout[i] = Math.max(Math.abs(invec[i]), Math.abs(inout[i]));
  }
}, true);
const out = new Float64Array(2);
comm.Allreduce(new Float64Array([rank ? -5 : 2, rank ? 1 : -7]), out, maxAbs);
maxAbs.Free();
assert.deepEqual([...out], [5, 7]);

console.log(`rank ${rank}: ok | 3 passed | 0 failed`);
JS

# A program that uses koffi for a library of its own before mpi4ts: koffi's
# settings are fixed by then, so mpi4ts must say how to order things.
cat >koffi_first.mjs <<'JS'
import assert from "node:assert/strict";
import koffi from "koffi";

if (process.argv[2] === "configured") {
  koffi.config({ ...koffi.config(), async_stack_size: 4 << 20 });
  koffi.load("libc.so.6");
  const mpi = await import("mpi4ts");
  assert.equal(mpi.COMM_WORLD.size, 1);
} else {
  koffi.load("libc.so.6");
  await assert.rejects(import("mpi4ts"), /import mpi4ts before loading other libraries with koffi/);
}
JS

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
case $MPI in
  openmpi) run=(mpiexec.openmpi --oversubscribe -n 2) ;;
  mpich) run=(mpiexec.mpich -n 2) ;;
  *) echo "unknown MPI '$MPI'" >&2; exit 2 ;;
esac
# Runs a command and checks its output for a pattern. Not `cmd | grep -q`:
# grep stops reading at the first match, and under pipefail the command's
# SIGPIPE then fails the script (exit 141) although the output was right.
expect() { # pattern, command...
  local pattern=$1 out
  shift
  out=$("$@")
  grep -q -- "$pattern" <<<"$out" || { printf '%s\n' "$out" >&2; echo "expected '$pattern' from: $*" >&2; return 1; }
}

version=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$ROOT/npm/package.json")
case $RUNTIME in
  node)
    MPI4TS_ABI=$MPI node koffi_first.mjs
    MPI4TS_ABI=$MPI node koffi_first.mjs configured
    "${run[@]}" node app.mjs
    "${run[@]}" ./node_modules/.bin/mpi4ts info
    expect "mpi4ts $version" npx --no-install mpi4ts --version
    ;;
  bun)
    "${run[@]}" "$BUN" run app.mjs
    # The same program as TypeScript, which Bun runs as it is.
    sed 's/^const comm = /const comm: mpi.Intracomm = /' app.mjs >app.ts
    "${run[@]}" "$BUN" run app.ts
    # bunx starts Bun for the bin (not the Node of its shebang). It does not
    # pass on MPICH's launcher connection (an inherited descriptor, PMI_FD),
    # so under MPICH the bin runs through `bun run`.
    if [[ $MPI == openmpi ]]; then
      "${run[@]}" "$BUN" x mpi4ts run app.ts
    fi
    "${run[@]}" "$BUN" run ./node_modules/.bin/mpi4ts run app.ts
    expect "runtime *bun" "${run[@]}" "$BUN" run ./node_modules/.bin/mpi4ts info
    expect "mpi4ts $version" "$BUN" x mpi4ts --version
    ;;
  *) echo "unknown runtime '$RUNTIME'" >&2; exit 2 ;;
esac
