/**
 * The floor under a value collective of one 16 KiB `Uint8Array` per rank:
 * the two MPI calls mpi4py makes for it (the byte counts, then the vector
 * collective of the bytes), called bare, into memory reused from call to
 * call (`reused`: C's speed) or into one fresh `ArrayBuffer` per call for
 * the results (`fresh`: what any value that owns its memory needs), next
 * to the value call itself (`value`). Each is timed in a launch of its own
 * for 3 s after 2 s of warm-up, twice; compare with `bench/py/values.py`'s
 * row of the same call, run in the same minutes.
 *
 *     mpiexec -n 2 deno run -A bench/value_floor.ts gather|allgather|alltoall|scatter|direct reused|fresh|value
 *
 * `direct` is the bare form of the point-to-point path that value
 * `allgather` and `alltoall` take on MPICH (no `value` form of its own:
 * compare with theirs).
 *
 * @module
 */
import * as mpi from "../mod.ts";
import { C, H, lib } from "../ffi/lib.ts";
import { STATUS_SIZE } from "../core/status.ts";

const comm = mpi.COMM_WORLD, h = comm.handle, n = comm.size;
const D = H.DOUBLE!, B = H.BYTE!;
/** A message: the array and a header's worth of bytes. */
const M = 16384 + 64;
const one = new Float64Array(1), sizes = new Float64Array(n).fill(M);
const clock = new Float64Array(1);
const counts = new Int32Array(n).fill(M);
const displs = Int32Array.from({ length: n }, (_, i) => i * M);
const send = new Uint8Array(n * M), kept = new Uint8Array(n * M);
const payload = new Uint8Array(16384), each = Array(n).fill(payload);
const me = comm.rank, status = new Uint8Array(STATUS_SIZE);
const requests = Array.from({ length: n }, () => new Int32Array(2));
const messages = Array.from({ length: n }, () => new Uint8Array(8));

/**
 * What the direct path (`collectives/value_direct.ts`) does for an
 * `allgather` or an `alltoall`: each rank sends its message to every
 * peer, matches one from each (`MPI_Mprobe`, which tells its size), then
 * receives them into `into(bytes)`.
 */
function direct(into: (bytes: number) => Uint8Array): () => void {
  return () => {
    for (let i = 1; i < n; i++) {
      lib.MPI_Isend(send, M, B, (me + i) % n, 0, h, requests[i]);
    }
    for (let i = 1; i < n; i++) {
      lib.MPI_Mprobe((me - i + n) % n, C.ANY_TAG, h, messages[i], status);
    }
    const r = into(n * M);
    for (let i = 1; i < n; i++) {
      const at = ((me - i + n) % n) * M;
      lib.MPI_Mrecv(r.subarray(at, at + M), M, B, messages[i], status);
    }
    for (let i = 1; i < n; i++) lib.MPI_Wait(requests[i], status);
  };
}

/** The bare calls of each collective, receiving into `into(bytes)`. */
function bare(op: string, into: (bytes: number) => Uint8Array): () => void {
  switch (op) {
    case "gather":
      return () => {
        lib.MPI_Gather(one, 1, D, sizes, 1, D, 0, h);
        const r = comm.rank === 0 ? into(n * M) : kept;
        lib.MPI_Gatherv(send, M, B, r, counts, displs, B, 0, h);
      };
    case "allgather":
      return () => {
        lib.MPI_Allgather(one, 1, D, sizes, 1, D, h);
        lib.MPI_Allgatherv(send, M, B, into(n * M), counts, displs, B, h);
      };
    case "direct":
      return direct(into);
    case "alltoall":
      return () => {
        lib.MPI_Alltoall(one, 1, D, sizes, 1, D, h);
        const r = into(n * M);
        lib.MPI_Alltoallv(send, counts, displs, B, r, counts, displs, B, h);
      };
    case "scatter":
      return () => {
        lib.MPI_Scatter(one, 1, D, sizes, 1, D, 0, h);
        lib.MPI_Scatterv(send, counts, displs, B, into(M), M, B, 0, h);
      };
  }
  throw new RangeError(
    `op must be gather, allgather, alltoall, scatter or direct`,
  );
}

/** The value call of each collective. */
const VALUES: Record<string, () => unknown> = {
  gather: () => comm.gather(payload, 0),
  allgather: () => comm.allgather(payload),
  alltoall: () => comm.alltoall(each),
  scatter: () => comm.scatter(comm.rank === 0 ? each : null, 0),
};

/** Mean µs per call over `ms` milliseconds (rank 0's clock decides). */
function loop(step: () => unknown, ms: number): number {
  let calls = 0;
  const t0 = mpi.Wtime();
  for (;;) {
    for (let i = 0; i < 1000; i++) step();
    calls += 1000;
    comm.Barrier();
    clock[0] = (mpi.Wtime() - t0) * 1000;
    comm.Bcast(clock, 0);
    if (clock[0] > ms) return clock[0] * 1000 / calls;
  }
}

if (import.meta.main) {
  const [op, how] = Deno.args;
  const step = how === "value"
    ? VALUES[op]
    : bare(op, how === "fresh" ? (b) => new Uint8Array(b) : () => kept);
  if (!step || !["reused", "fresh", "value"].includes(how)) {
    throw new RangeError("usage: value_floor.ts <op> reused|fresh|value");
  }
  loop(step, 2000);
  const us = [loop(step, 3000), loop(step, 3000)];
  if (comm.rank === 0) {
    console.log(`${op} ${how}: ${us.map((u) => u.toFixed(2)).join(" ")} µs`);
  }
}
