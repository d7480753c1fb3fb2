/**
 * What the binding adds to small buffer collectives, measured in one
 * process so the machine's load cancels out: each call on `COMM_SELF` with
 * one double per rank, through `Comm` (vector specs given as mpi4py code
 * gives them: arrays of numbers) and through the same C functions called
 * bare, all interleaved (so call sites see many collectives, as in a
 * program) for 15 rounds after 1.5 s of warm-up. Prints, per call, the
 * best round and the mean of all rounds in ns, bare and through `Comm`,
 * and the binding's share of the mean.
 *
 *     mpiexec -n 1 deno run -A bench/collectives_overhead.ts
 *
 * @module
 */
import * as mpi from "../mod.ts";
import { H, type Handle, HANDLE_SIZE, lib, writeHandle } from "../ffi/lib.ts";
import { STATUS_SIZE } from "../core/status.ts";

const comm = mpi.COMM_SELF;
const h: Handle = comm.handle, D: Handle = H.DOUBLE!, SUM: Handle = H.SUM!;
const a = new Float64Array(1), b = new Float64Array(1);
/** Vector arguments as users write them, and as C takes them. */
const counts = [1], displs = [0];
const cInts = new Int32Array(counts), dInts = new Int32Array(displs);
const bytes = [0];
const types = new Uint8Array(HANDLE_SIZE);
writeHandle(types, 0, D);
const cell = new Int32Array(2), status = new Uint8Array(STATUS_SIZE);
/** A vector spec, made per call as a program's literal is. */
const v = (buf: Float64Array, at: number[]) =>
  [buf, counts, at, mpi.DOUBLE] as const;

/** Each call through `Comm`, and bare: `[binding, bare]`. */
const CASES: Record<string, [() => void, () => void]> = {
  Allgather: [
    () => comm.Allgather(a, b),
    () => lib.MPI_Allgather(a, 1, D, b, 1, D, h),
  ],
  Gatherv: [
    () => comm.Gatherv(a, v(b, displs), 0),
    () => lib.MPI_Gatherv(a, 1, D, b, cInts, dInts, D, 0, h),
  ],
  Scatterv: [
    () => comm.Scatterv(v(a, displs), b, 0),
    () => lib.MPI_Scatterv(a, cInts, dInts, D, b, 1, D, 0, h),
  ],
  Allgatherv: [
    () => comm.Allgatherv(a, v(b, displs)),
    () => lib.MPI_Allgatherv(a, 1, D, b, cInts, dInts, D, h),
  ],
  Alltoallv: [
    () => comm.Alltoallv(v(a, displs), v(b, displs)),
    () => lib.MPI_Alltoallv(a, cInts, dInts, D, b, cInts, dInts, D, h),
  ],
  Alltoallw: [
    () => comm.Alltoallw(v(a, bytes), v(b, bytes)),
    () => lib.MPI_Alltoallw(a, cInts, dInts, types, b, cInts, dInts, types, h),
  ],
  Reduce_scatter: [
    () => comm.Reduce_scatter(a, b, counts, mpi.SUM),
    () => lib.MPI_Reduce_scatter(a, b, cInts, D, SUM, h),
  ],
  "Ibarrier + Wait": [
    () => comm.Ibarrier().Wait(),
    () => {
      lib.MPI_Ibarrier(h, cell);
      lib.MPI_Wait(cell, status);
    },
  ],
  "Iallreduce + Wait": [
    () => comm.Iallreduce(a, b, mpi.SUM).Wait(),
    () => {
      lib.MPI_Iallreduce(a, b, 1, D, SUM, h, cell);
      lib.MPI_Wait(cell, status);
    },
  ],
  "Iallgatherv + Wait": [
    () => comm.Iallgatherv(a, v(b, displs)).Wait(),
    () => {
      lib.MPI_Iallgatherv(a, 1, D, b, cInts, dInts, D, h, cell);
      lib.MPI_Wait(cell, status);
    },
  ],
};

function timed(call: () => void, n: number): number {
  const t = mpi.Wtime();
  for (let i = 0; i < n; i++) call();
  return (mpi.Wtime() - t) / n * 1e9;
}

function main(): void {
  const t0 = mpi.Wtime();
  while (mpi.Wtime() - t0 < 1.5) {
    for (const pair of Object.values(CASES)) {
      for (const f of pair) timed(f, 2000);
    }
  }
  const N = 50_000, ROUNDS = 15;
  const ns = new Map(
    Object.keys(CASES).map((k) => [k, [[], []] as number[][]]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, pair] of Object.entries(CASES)) {
      pair.forEach((f, i) => ns.get(name)![i].push(timed(f, N)));
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  console.log(
    "call | binding ns (best) | bare C ns (best) | binding's share ns",
  );
  for (const [name, [ours, bare]] of ns) {
    const f = (xs: number[]) =>
      `${mean(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)})`;
    console.log(
      `${name} | ${f(ours)} | ${f(bare)} | ${
        (mean(ours) - mean(bare)).toFixed(0)
      }`,
    );
  }
}

if (import.meta.main) main();
