/**
 * One-sided communication benchmarks on 2 ranks, timed like
 * `bench/c/rma.c` and `bench/py/rma.py`: passive-target `Put` of 8 bytes +
 * `Flush`, `Get` of 1 MiB, `Accumulate` `SUM` of 1 MiB of doubles,
 * `Fetch_and_op` increments, and summing a peer's 8 MiB segment of a shared
 * window through its view next to summing a local `Float64Array`. Rank 0
 * works on rank 1's memory; each line printed is a JSON row
 * `{ impl, bench, size, usec, best }` (µs per operation: the sustained mean
 * over one run of 5 back-to-back batches, and the best batch). Every
 * benchmark first runs untimed for at least `warm` calls and 1 s (0.2 s
 * with `--quick`), so the timed calls run optimized code, as in the C and
 * Python versions.
 *
 * The thread level is MPI's (`MPI4TS_THREAD_LEVEL`, `multiple` by default);
 * `bench/rma_report.ts` runs the C and Python versions at the same level:
 * with `THREAD_MULTIPLE` Open MPI locks around every one-sided call.
 *
 *     mpiexec -n 2 deno run -A bench/rma.ts [--quick]
 *
 * @module
 */
import * as mpi from "../mod.ts";
import type { Row } from "./measured.ts";

/** A row with the best batch next to the mean. */
export interface RmaRow extends Row {
  /** Microseconds per operation in the best of 5 batches. */
  best: number;
}

const IMPL = "Deno" in globalThis ? "mpi4ts" : "mpi4ts node";
const comm = mpi.COMM_WORLD;
const BATCHES = 5;
let warmSeconds = 1;

/**
 * What the operations work on, as in the C version: each operation is a
 * function of this record, not a closure (V8 compiles a small closure's
 * loop into its caller's code, which it left half optimized: a sum 10×
 * slower than C).
 */
interface Ctx {
  /** The window. */
  win: mpi.Win;
  /** One double to put. */
  small: Float64Array;
  /** 1 MiB of doubles to get into and accumulate from. */
  big: Float64Array;
  /** Fetch_and_op's increment and result. */
  one: BigInt64Array;
  prev: BigInt64Array;
  /** The array summed. */
  arr: Float64Array;
  /** Where sums go, so they are computed. */
  sink: number;
}

function put8(c: Ctx): void {
  c.win.Put(c.small, 1);
  c.win.Flush(1);
}

function get1m(c: Ctx): void {
  c.win.Get(c.big, 1);
  c.win.Flush(1);
}

function acc1m(c: Ctx): void {
  c.win.Accumulate(c.big, 1, 0, mpi.SUM);
  c.win.Flush(1);
}

function fop(c: Ctx): void {
  c.win.Fetch_and_op(c.one, c.prev, 1, 0, mpi.SUM);
  c.win.Flush(1);
}

function sum(c: Ctx): void {
  const a = c.arr;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  c.sink += s;
}

/** Runs `op(c)` `n` times: the loop warm-up and timing share. */
function repeat(op: (c: Ctx) => void, c: Ctx, n: number): void {
  for (let i = 0; i < n; i++) op(c);
}

/**
 * Times `op(c)` on rank 0: `iters` calls in 5 batches, after at least
 * `warm` untimed calls and `warmSeconds` of them, made through the loop
 * the timing uses.
 */
function time(
  bench: string,
  size: number,
  iters: number,
  warm: number,
  op: (c: Ctx) => void,
  c: Ctx,
): void {
  comm.Barrier();
  if (comm.rank === 0) {
    const per = Math.max(1, Math.floor(iters / BATCHES));
    repeat(op, c, warm);
    for (const t0 = mpi.Wtime(); mpi.Wtime() - t0 < warmSeconds;) {
      repeat(op, c, per);
    }
    let total = 0, best = Infinity;
    for (let b = 0; b < BATCHES; b++) {
      const t0 = mpi.Wtime();
      repeat(op, c, per);
      const dt = mpi.Wtime() - t0;
      total += dt;
      best = Math.min(best, dt / per);
    }
    const row: RmaRow = {
      impl: IMPL,
      bench,
      size,
      usec: total / (per * BATCHES) * 1e6,
      best: best * 1e6,
    };
    console.log(JSON.stringify(row));
  }
  comm.Barrier();
}

function main(quick: boolean): void {
  const scale = quick ? 0.1 : 1;
  warmSeconds = quick ? 0.2 : 1;
  const n = (x: number) => Math.max(10, Math.floor(x * scale));
  const MiB = 1 << 20;
  {
    using win = mpi.Win.Allocate(MiB, 8, mpi.INFO_NULL, comm);
    win.Lock_all();
    const c: Ctx = {
      win,
      small: new Float64Array(1),
      big: new Float64Array(MiB / 8),
      one: new BigInt64Array([1n]),
      prev: new BigInt64Array(1),
      arr: new Float64Array(0),
      sink: 0,
    };
    time("rma_put", 8, n(100000), n(60000), put8, c);
    time("rma_get", MiB, n(500), n(50), get1m, c);
    c.big.fill(1);
    time("rma_acc", MiB, n(200), n(20), acc1m, c);
    time("rma_fop", 8, n(100000), n(60000), fop, c);
    win.Unlock_all();
  }
  {
    const bytes = 8 * MiB;
    using win = mpi.Win.Allocate_shared(bytes, 8, mpi.INFO_NULL, comm);
    const mine = new Float64Array(win.tomemory().buffer);
    mine.fill(comm.rank + 1);
    win.Lock_all();
    win.Sync();
    comm.Barrier();
    win.Sync();
    const [seg] = win.Shared_query(1);
    const c: Ctx = {
      win,
      small: new Float64Array(1),
      big: new Float64Array(0),
      one: new BigInt64Array(1),
      prev: new BigInt64Array(1),
      arr: new Float64Array(seg.buffer, seg.byteOffset, bytes / 8),
      sink: 0,
    };
    time("shm_sum_peer", bytes, n(100), n(20), sum, c);
    c.arr = new Float64Array(bytes / 8).fill(2);
    time("shm_sum_local", bytes, n(100), n(20), sum, c);
    if (c.sink < 0) console.log(c.sink);
    win.Unlock_all();
  }
}

if (import.meta.main) {
  main(("Deno" in globalThis ? Deno.args : []).includes("--quick"));
}
