/**
 * The mpi4ts side of the benchmarks: ping-pong (buffers or values),
 * allreduce and bcast, timed exactly like `bench/c/bench.c` and
 * `bench/py/bench.py` so `bench/run.ts` can put the three side by side.
 *
 * @module
 */
import * as mpi from "../mod.ts";
import { backend } from "../ffi/lib.ts";
import type { BenchOptions } from "./cli.ts";

/** One measurement. */
export interface Row {
  /** Implementation label. */
  impl: string;
  /** Benchmark name. */
  bench: string;
  /** Message size in bytes. */
  size: number;
  /** Microseconds per operation (one-way for ping-pong), best timed run. */
  usec: number;
  /** Microseconds per operation over all timed runs: the sustained cost. */
  mean?: number;
}

/** Our name in the results: `mpi4ts` on Deno, `mpi4ts node` on Node, `mpi4ts bun` on Bun. */
const IMPL = backend.runtime === "deno"
  ? "mpi4ts"
  : `mpi4ts ${backend.runtime}`;

/** Fewer repetitions for large messages, as the C and Python loops do. */
export function scaled(iterations: number, bytes: number): number {
  if (bytes >= 1 << 20) return Math.max(10, Math.floor(iterations / 100));
  if (bytes >= 1 << 14) return Math.max(10, Math.floor(iterations / 10));
  return iterations;
}

/** Sizes from `min` to `max`: 0, 1, 4, 16, ... */
export function sizes(min: number, max: number): number[] {
  const out: number[] = [];
  for (let n = min; n <= max; n = n ? n * 4 : 1) out.push(n);
  return out;
}

type Step = () => void;

function pingpongStep(comm: mpi.Intracomm, n: number, object: boolean): Step {
  const buf = new Uint8Array(n);
  let value: unknown = buf;
  if (comm.rank === 0) {
    return object
      ? () => {
        comm.send(value, 1, 0);
        value = comm.recv(1, 0);
      }
      : () => {
        comm.Send(buf, 1, 0);
        comm.Recv(buf, 1, 0);
      };
  }
  if (comm.rank === 1) {
    return object
      ? () => {
        value = comm.recv(0, 0);
        comm.send(value, 0, 0);
      }
      : () => {
        comm.Recv(buf, 0, 0);
        comm.Send(buf, 0, 0);
      };
  }
  return () => {};
}

/** A sum written in JavaScript, run by MPI through a C callback. */
const userSum = mpi.Op.Create((invec, inout) => {
  const a = invec as Float64Array, b = inout as Float64Array;
  for (let i = 0; i < b.length; i++) b[i] += a[i];
}, true);

function allreduceStep(
  comm: mpi.Intracomm,
  n: number,
  object: boolean,
  userOp: boolean,
): Step {
  if (object) return () => void comm.allreduce(1.5, mpi.SUM);
  const a = new Float64Array(n / 8).fill(1), b = new Float64Array(n / 8);
  const op = userOp ? userSum : mpi.SUM;
  return () => comm.Allreduce(a, b, op);
}

function bcastStep(comm: mpi.Intracomm, n: number, object: boolean): Step {
  const a = new Float64Array(n / 8).fill(1);
  if (object) return () => void comm.bcast(comm.rank === 0 ? a : undefined, 0);
  return () => comm.Bcast(a, 0);
}

const STEPS = {
  pingpong: pingpongStep,
  allreduce: allreduceStep,
  bcast: bcastStep,
};

/** Measured benchmark names. */
export type Measured = keyof typeof STEPS;

/** Timed runs per size; the best counts, since noise only adds time. */
const CHUNKS = 5;

/**
 * Seconds per step over `CHUNKS` runs sharing `it` steps: the best run's
 * and the mean of all (the sustained cost).
 */
function bestOf(
  comm: mpi.Intracomm,
  step: Step,
  it: number,
): { best: number; mean: number } {
  const per = Math.ceil(it / CHUNKS);
  let best = Infinity, total = 0;
  for (let c = 0; c < CHUNKS; c++) {
    comm.Barrier();
    const t0 = mpi.Wtime();
    for (let i = 0; i < per; i++) step();
    const t = mpi.Wtime() - t0;
    total += t;
    best = Math.min(best, t / per);
  }
  return { best, mean: total / (per * CHUNKS) };
}

/** Seconds every launch runs its first step untimed, before any size. */
const SETTLE_SECONDS = 1;

/**
 * Runs `step` until rank 0 has seen `SETTLE_SECONDS` pass: a process just
 * started shares the cores with its runtime's and the launcher's start-up
 * threads, and the first size measured would pay for them.
 */
function settle(comm: mpi.Intracomm, step: Step): void {
  const flag = new Int32Array(1);
  const t0 = mpi.Wtime();
  do {
    for (let i = 0; i < 1000; i++) step();
    flag[0] = Number(mpi.Wtime() - t0 < SETTLE_SECONDS);
    comm.Bcast(flag, 0);
  } while (flag[0]);
}

/**
 * Times `bench` for each size on `COMM_WORLD`; returns rows on rank 0.
 *
 * @example
 * ```ts ignore
 * const rows = measure("pingpong", { object: false, quiet: true });
 * ```
 */
export function measure(bench: Measured, opts: BenchOptions): Row[] {
  const comm = mpi.COMM_WORLD;
  const pingpong = bench === "pingpong";
  const min = opts.minSize ?? (pingpong ? 0 : 8),
    max = opts.maxSize ?? (pingpong ? 1 << 22 : 1 << 23);
  const iterations = opts.iterations ?? 10_000, warmup = opts.warmup ?? 200;
  const rows: Row[] = [];
  // The JIT needs far more repetitions than MPI to reach its fast path
  // (optimized FFI calls), and size ranges run code paths of their own
  // (in-band or out-of-band values): warm up every size much longer.
  const jitWarmup = Math.max(warmup, 20_000);
  settle(comm, STEPS[bench](comm, min, opts.object, opts.userOp ?? false));
  for (const n of sizes(min, max)) {
    if (!pingpong && n % 8) continue;
    const step = STEPS[bench](comm, n, opts.object, opts.userOp ?? false);
    const it = scaled(iterations, n);
    const rounds = Math.max(warmup, Math.min(jitWarmup, it * 4));
    // The warm-up runs the timing loop itself, so the JIT has compiled it
    // before the first timed run (compiling on a core a rank spins on
    // costs that run milliseconds).
    bestOf(comm, step, rounds);
    const { best, mean } = bestOf(comm, step, it);
    const half = pingpong ? 2 : 1;
    rows.push({
      impl: `${IMPL}${opts.object ? " object" : opts.userOp ? " user op" : ""}`,
      bench,
      size: n,
      usec: best / half * 1e6,
      mean: mean / half * 1e6,
    });
    if (opts.object && bench === "allreduce") break;
  }
  return comm.rank === 0 ? rows : [];
}

/**
 * The table `cli.ts bench` prints: `#` lines naming the benchmark, then the
 * columns with their units, then one line of numbers per size, so tools
 * that skip `#` lines read it as whitespace-separated columns.
 *
 * @example
 * ```ts ignore
 * import { formatTable } from "./measured.ts";
 * const rows = [{ impl: "mpi4ts", bench: "pingpong", size: 8, usec: 12.5 }];
 * console.log(formatTable(rows, "pingpong: buffers, 2 ranks"));
 * // # mpi4ts pingpong: buffers, 2 ranks
 * // #  size [B]    time [us]  bandwidth [MB/s]
 * //           8       12.500             0.640
 * ```
 */
export function formatTable(rows: readonly Row[], title: string): string {
  const lines = [
    `# mpi4ts ${title}`,
    `# ${"size [B]".padStart(9)} ${"time [us]".padStart(12)} ${
      "bandwidth [MB/s]".padStart(17)
    }`,
  ];
  for (const r of rows) {
    // bytes per microsecond is megabytes per second
    const bandwidth = r.usec > 0 ? r.size / r.usec : 0;
    lines.push(
      `${String(r.size).padStart(11)} ${r.usec.toFixed(3).padStart(12)} ${
        bandwidth.toFixed(3).padStart(17)
      }`,
    );
  }
  return lines.join("\n");
}

/**
 * `cli.ts bench pingpong|allreduce|bcast`: prints a table on rank 0
 * (`formatTable`), or one JSON object per size with `opts.json` (also
 * `MPI4TS_BENCH_JSON=1`, which `bench/run.ts` sets).
 *
 * @example
 * ```ts ignore
 * await runMeasured("allreduce", { object: false, quiet: false });
 * ```
 */
export function runMeasured(
  bench: Measured,
  opts: BenchOptions,
): Promise<void> {
  if (bench === "pingpong" && mpi.COMM_WORLD.size < 2) {
    throw new RangeError("pingpong needs at least 2 ranks (mpiexec -n 2 ...)");
  }
  const rows = measure(bench, opts);
  if (mpi.COMM_WORLD.rank !== 0) return Promise.resolve();
  const json = opts.json || backend.env("MPI4TS_BENCH_JSON") === "1";
  if (json) {
    for (const r of rows) console.log(JSON.stringify(r));
  } else {
    const kind = opts.object ? "values" : opts.userOp ? "user op" : "buffers";
    const what = bench === "pingpong" ? ", one-way time" : "";
    console.log(formatTable(
      rows,
      `${bench}: ${kind}, ${mpi.COMM_WORLD.size} ranks, best of ${CHUNKS} runs${what}`,
    ));
  }
  return Promise.resolve();
}
