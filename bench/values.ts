/**
 * The value benchmark: what the lowercase methods cost on values as users
 * send them (records, lists of records, strings, numbers, several
 * TypedArrays in one value, `Map`, `Set`, lone TypedArrays), for
 * `send`/`recv` ping-pong and the value collectives, timed exactly like
 * `bench/py/values.py` does with mpi4py's pickle of the Python equivalents.
 *
 * How it measures: every row runs untimed for at least `warmup` ms (the
 * first row two seconds: V8 optimizes FFI call sites only after tens of
 * thousands of calls) and on until its rate stops improving (five 200 ms
 * windows in a row no more than 3% faster than the best before them; at
 * most 5 s), then for about `iterations` ms timed as
 * one run: the row's figure is that run's mean per call (one-way for
 * ping-pong), the *sustained* cost. The best of its ten equal chunks is
 * printed next to it. The whole list of rows runs twice in the same process
 * (`round` 1 and 2), so a cost that grows over time shows. After each row
 * a control, `Allgather` of 256 bytes from and into buffers, times the
 * machine itself: a program's speed here moves by a third over minutes
 * (the same C loop took 1.2, then 0.87, then 1.07 µs a call), so a row
 * slower in its second round is a slower library only if the control
 * after it was not slower too.
 *
 *     mpiexec -n 2 deno run -A cli.ts bench values [--warmup ms] [--iterations ms]
 *
 * `MPI4TS_VALUES_ONLY=<regex>` keeps the rows whose `"<op> <payload>"`
 * matches; `--object` runs the collectives on every payload.
 *
 * @module
 */
import * as mpi from "../mod.ts";
import type { BenchOptions } from "./cli.ts";

/** One measured row. */
export interface ValueRow {
  /** Implementation label (`mpi4ts`, `mpi4ts node`, `mpi4py`). */
  impl: string;
  /** Always `values`. */
  bench: "values";
  /** The call: `pingpong`, `bcast`, `gather`, ... */
  op: string;
  /** The payload's name (same in the Python mirror). */
  payload: string;
  /** 1 for the first pass over all rows, 2 for the second. */
  round: number;
  /** Sustained mean, microseconds per call (one-way for ping-pong). */
  usec: number;
  /** Best of the run's ten chunks, microseconds per call. */
  best: number;
  /** How long the row warmed up untimed, ms. */
  warm?: number;
  /**
   * Right after the row, the machine's own speed: microseconds per buffer
   * `Allgather` of 256 bytes (no values: the same work in every round), the
   * best of five 20 ms parts.
   */
  control?: number;
}

const IMPL = "Deno" in globalThis ? "mpi4ts" : "mpi4ts node";

function records(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i,
    name: `item${i}`,
    score: i + 0.5,
    tags: ["a", "b"],
    ok: i % 2 === 0,
  }));
}

/** Payloads by name; `bench/py/values.py` builds the Python equivalent of each. */
export const PAYLOADS: Record<string, () => unknown> = {
  "small record": () => ({ a: 1, b: [1, 2, 3], c: "hello" }),
  "100 records": () => records(100),
  "ASCII 1 KiB": () => "a".repeat(1024),
  "ASCII 16 KiB": () => "a".repeat(16384),
  "non-ASCII 16 KiB": () => "é".repeat(8192),
  "1,000 numbers": () => Array.from({ length: 1000 }, (_, i) => i + 0.5),
  "2 × 8,000 B": () => [new Uint8Array(8000), new Uint8Array(8000)],
  "2 × 20,000 B": () => [new Uint8Array(20000), new Uint8Array(20000)],
  "{x,y} 2 × Float64Array(1000)": () => ({
    x: new Float64Array(1000),
    y: new Float64Array(1000),
  }),
  "Map of 100": () =>
    new Map(Array.from({ length: 100 }, (_, i) => [i, `v${i}`])),
  "Set of 100": () => new Set(Array.from({ length: 100 }, (_, i) => i)),
  "Uint8Array 16 B": () => new Uint8Array(16),
  "Uint8Array 1 KiB": () => new Uint8Array(1024),
  "Uint8Array 16 KiB": () => new Uint8Array(16384),
  "Uint8Array 256 KiB": () => new Uint8Array(256 << 10),
  "Uint8Array 1 MiB": () => new Uint8Array(1 << 20),
};

/** Payloads the value collectives run (a cross-section; `--object` runs all). */
const COLLECTIVE_PAYLOADS = [
  "small record",
  "100 records",
  "ASCII 1 KiB",
  "1,000 numbers",
  "{x,y} 2 × Float64Array(1000)",
  "Map of 100",
  "Uint8Array 16 KiB",
];

/** Payloads of `allreduce` (element-wise `SUM`; numpy arrays in the mirror). */
export const REDUCE_PAYLOADS: Record<string, () => unknown> = {
  "number": () => 1.5,
  "Float64Array(10)": () => new Float64Array(10).fill(1),
  "Float64Array(1000)": () => new Float64Array(1000).fill(1),
};

type Step = () => void;

function stepOf(comm: mpi.Intracomm, op: string, make: () => unknown): Step {
  const p = make();
  const rank = comm.rank;
  const many = Array.from({ length: comm.size }, () => p);
  switch (op) {
    case "pingpong":
      if (rank === 0) {
        return () => {
          comm.send(p, 1, 0);
          comm.recv(1, 0);
        };
      }
      return () => comm.send(comm.recv(0, 0), 0, 0);
    case "bcast":
      return () => void comm.bcast(rank === 0 ? p : undefined, 0);
    case "gather":
      return () => void comm.gather(p, 0);
    case "scatter":
      return () => void comm.scatter(rank === 0 ? many : undefined, 0);
    case "allgather":
      return () => void comm.allgather(p);
    case "alltoall":
      return () => void comm.alltoall(many);
    case "allreduce":
      return () => void comm.allreduce(p, mpi.SUM);
  }
  throw new RangeError(`unknown op ${op}`);
}

const flag = new Float64Array(1);

/** Width of a warm-up window, ms. */
const WINDOW = 200;
/** A window this much faster than the best before it means: still warming. */
const GAIN = 1.03;
/** Windows in a row without such a gain that end the warm-up. */
const PATIENCE = 5;
/** Longest warm-up of a row, ms. */
const WARM_CAP = 5000;
/**
 * Shortest warm-up of a program's first row, ms: V8 was still finishing its
 * optimized code of a 16 KiB ping-pong 1.8 s in (one-way 9.3 µs up to then,
 * 7.7 µs after), past a plateau three windows long.
 */
const FIRST_WARM = 2000;

/**
 * Runs `step` untimed for at least `ms`, and in windows of {@link WINDOW} ms
 * until five windows in a row were no more than 3% faster than the best
 * before them (at most {@link WARM_CAP} ms): V8 compiles a new payload's
 * paths and raises its heap limits during the first seconds a payload kind
 * is sent, and a fixed warm-up timed that as part of the row. Rank 0's
 * clock decides; returns the steps per ms of the last window.
 */
function warm(comm: mpi.Intracomm, step: Step, ms: number): number {
  const t0 = mpi.Wtime();
  let batch = 10, last = 0, start = 0, count = 0, best = 0, stale = 0;
  for (;;) {
    for (let i = 0; i < batch; i++) step();
    count += batch;
    flag[0] = (mpi.Wtime() - t0) * 1000;
    comm.Bcast(flag, 0);
    const now = flag[0], span = now - start;
    // Batches grow while they take under 10 ms, so windows stay fine-grained.
    if (now - last < 10) batch = Math.min(batch * 2, 1000);
    last = now;
    if (span < WINDOW && now < WARM_CAP) continue;
    const rate = count / span;
    stale = rate > best * GAIN ? 0 : stale + 1;
    best = Math.max(best, rate);
    if (now >= WARM_CAP || (now >= ms && stale >= PATIENCE)) return rate;
    start = now;
    count = 0;
  }
}

const CHUNKS = 10;

/** How long the control runs timed, ms. */
const CONTROL_MS = 100;
const controlOut = new Uint8Array(256), controlIn = new Uint8Array(512);

/**
 * Microseconds per `Allgather` of 256 bytes: the best of five parts of
 * `ms` (see `ValueRow.control`), since the collector may still be freeing
 * the row's memory on the other threads for the first few milliseconds. It
 * has loops of its own: run by `timed`, whose code V8 had optimized for the
 * row before, it took up to twice as long after some rows.
 */
function control(comm: mpi.Intracomm, ms = CONTROL_MS): number {
  let best = Infinity;
  for (let part = 0; part < 5; part++) {
    let batch = 1, calls = 0;
    comm.Barrier();
    const t0 = mpi.Wtime();
    for (;;) {
      for (let i = 0; i < batch; i++) comm.Allgather(controlOut, controlIn);
      calls += batch;
      flag[0] = (mpi.Wtime() - t0) * 1000;
      comm.Bcast(flag, 0);
      if (flag[0] >= ms / 5) break;
      if (batch < 1000) batch *= 2;
    }
    best = Math.min(best, flag[0] * 1000 / calls);
  }
  return best;
}

function timed(
  comm: mpi.Intracomm,
  step: Step,
  perMs: number,
  ms: number,
): { mean: number; best: number } {
  flag[0] = Math.max(CHUNKS, Math.ceil(perMs * ms / CHUNKS) * CHUNKS);
  comm.Bcast(flag, 0);
  const per = flag[0] / CHUNKS;
  let best = Infinity, total = 0;
  comm.Barrier();
  for (let c = 0; c < CHUNKS; c++) {
    const t0 = mpi.Wtime();
    for (let i = 0; i < per; i++) step();
    const dt = mpi.Wtime() - t0;
    total += dt;
    best = Math.min(best, dt / per);
  }
  return { mean: total / (per * CHUNKS), best };
}

/**
 * Every (op, payload) pair this run measures, in order.
 *
 * @example
 * ```ts ignore
 * for (const [op, name] of plan(false)) console.log(op, name);
 * ```
 */
export function plan(all: boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const name of Object.keys(PAYLOADS)) out.push(["pingpong", name]);
  const coll = all ? Object.keys(PAYLOADS) : COLLECTIVE_PAYLOADS;
  for (const op of ["bcast", "gather", "scatter", "allgather", "alltoall"]) {
    for (const name of coll) out.push([op, name]);
  }
  for (const name of Object.keys(REDUCE_PAYLOADS)) {
    out.push(["allreduce", name]);
  }
  return out;
}

/**
 * `cli.ts bench values`: every row twice, JSON lines on rank 0 with
 * `MPI4TS_BENCH_JSON=1`, a table otherwise.
 *
 * @example
 * ```ts ignore
 * runValues({ object: false, quiet: false, warmup: 300, iterations: 1000 });
 * ```
 */
export function runValues(opts: BenchOptions): Promise<void> {
  const comm = mpi.COMM_WORLD;
  if (comm.size !== 2) {
    throw new RangeError("bench values runs on 2 ranks (mpiexec -n 2 ...)");
  }
  const warmMs = opts.warmup ?? 300, runMs = opts.iterations ?? 1000;
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  const json = g.process?.env?.MPI4TS_BENCH_JSON === "1" ||
    g.Deno?.env.get("MPI4TS_BENCH_JSON") === "1";
  const only: string | undefined = g.process?.env?.MPI4TS_VALUES_ONLY ??
    g.Deno?.env.get("MPI4TS_VALUES_ONLY");
  const rows = plan(opts.object).filter(([op, name]) =>
    !only || new RegExp(only).test(`${op} ${name}`)
  );
  // Half a second first: V8 optimizes the control's calls before its first figure.
  control(comm, 500);
  let first = true;
  for (let round = 1; round <= 2; round++) {
    for (const [op, name] of rows) {
      const make = op === "allreduce" ? REDUCE_PAYLOADS[name] : PAYLOADS[name];
      const step = stepOf(comm, op, make);
      const w0 = mpi.Wtime();
      const perMs = warm(
        comm,
        step,
        first ? Math.max(FIRST_WARM, warmMs) : warmMs,
      );
      const warmed = (mpi.Wtime() - w0) * 1000;
      first = false;
      const { mean, best } = timed(comm, step, perMs, runMs);
      const usControl = control(comm);
      const half = op === "pingpong" ? 2 : 1;
      const row: ValueRow = {
        impl: IMPL,
        bench: "values",
        op,
        payload: name,
        round,
        usec: mean * 1e6 / half,
        best: best * 1e6 / half,
        warm: warmed,
        control: usControl,
      };
      if (comm.rank !== 0) continue;
      console.log(
        json
          ? JSON.stringify(row)
          : `${round} ${op.padEnd(9)} ${name.padEnd(30)} ${
            row.usec.toFixed(2).padStart(9)
          } µs (best ${row.best.toFixed(2)})`,
      );
    }
  }
  return Promise.resolve();
}
