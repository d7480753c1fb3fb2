/**
 * What the binding adds to small one-sided calls, measured in one process
 * so the machine's load cancels out: a passive-target `Put` of 8 bytes +
 * `Flush` and a `Fetch_and_op` + `Flush` to this rank's own window, through
 * `Win` and through the same C functions called bare (`lib.MPI_Put`, ...),
 * interleaved for 15 rounds after 1.5 s of warm-up. Prints the best round of
 * each in ns per pair and the binding's share (`Win` minus bare).
 *
 *     mpiexec -n 1 deno run -A bench/rma_overhead.ts
 *
 * @module
 */
import * as mpi from "../mod.ts";
import { H, type Handle, lib } from "../ffi/lib.ts";

/** What the loops work on. */
interface Ctx {
  win: mpi.Win;
  /** The window's C handle, for the bare calls. */
  wh: Handle;
  small: Float64Array;
  one: BigInt64Array;
  prev: BigInt64Array;
  double: Handle;
  int64: Handle;
  sum: Handle;
}

/** `Put` + `Flush` through `Win`, `n` times. */
function put(c: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    c.win.Put(c.small, 0);
    c.win.Flush(0);
  }
}

/** The same C calls made bare, `n` times. */
function barePut(c: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    lib.MPI_Put(c.small, 1, c.double, 0, 0n, 1, c.double, c.wh);
    lib.MPI_Win_flush(0, c.wh);
  }
}

/** `Fetch_and_op` + `Flush` through `Win`, `n` times. */
function fop(c: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    c.win.Fetch_and_op(c.one, c.prev, 0, 0, mpi.SUM);
    c.win.Flush(0);
  }
}

/** The same C calls made bare, `n` times. */
function bareFop(c: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    lib.MPI_Fetch_and_op(c.one, c.prev, c.int64, 0, 0n, c.sum, c.wh);
    lib.MPI_Win_flush(0, c.wh);
  }
}

const CASES: Record<string, (c: Ctx, n: number) => void> = {
  put,
  barePut,
  fop,
  bareFop,
};

function main(): void {
  using win = mpi.Win.Allocate(64, 8, mpi.INFO_NULL, mpi.COMM_SELF);
  win.Lock_all();
  const c: Ctx = {
    win,
    wh: win.handle,
    small: new Float64Array(1),
    one: new BigInt64Array([1n]),
    prev: new BigInt64Array(1),
    double: H.DOUBLE!,
    int64: H.INT64_T!,
    sum: H.SUM!,
  };
  const t0 = mpi.Wtime();
  while (mpi.Wtime() - t0 < 1.5) {
    for (const run of Object.values(CASES)) run(c, 2000);
  }
  const best: Record<string, number> = {};
  const N = 100_000;
  for (let round = 0; round < 15; round++) {
    for (const [name, run] of Object.entries(CASES)) {
      const t = mpi.Wtime();
      run(c, N);
      const ns = (mpi.Wtime() - t) / N * 1e9;
      best[name] = Math.min(best[name] ?? Infinity, ns);
    }
  }
  const row = (a: string, b: string) =>
    `${a}: ${best[a].toFixed(1)} ns, bare ${best[b].toFixed(1)} ns, ` +
    `binding ${(best[a] - best[b]).toFixed(1)} ns`;
  console.log(row("put", "barePut"));
  console.log(row("fop", "bareFop"));
  win.Unlock_all();
}

if (import.meta.main) main();
