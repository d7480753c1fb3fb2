/**
 * Awaited MPI next to blocking MPI, on 2 ranks in one run: 8-byte buffer
 * and small-value ping-pong (`Recv` vs `await Irecv(...).waitAsync()`,
 * `recv` vs `await irecv(...).waitAsync()`), then a long wait: the CPU a
 * rank uses while it awaits a message sent 3 s later, how often a 10 ms
 * timer fires meanwhile, and how late awaited messages are noticed.
 *
 *     mpiexec -n 2 deno run -A cli.ts bench await
 *
 * @module
 */
import process from "node:process";
import * as mpi from "../mod.ts";

/** One measurement of the await benchmark. */
export interface AwaitRow {
  /** Implementation label (`mpi4ts` on Deno, `mpi4ts node` on Node). */
  impl: string;
  /** Always `await`. */
  bench: "await";
  /** What was measured. */
  measure: string;
  /** Sustained mean (ping-pong: µs one-way). */
  mean: number;
  /** Best of the timed chunks (ping-pong), else the same as `mean`. */
  best: number;
  /** Unit of `mean` and `best`. */
  unit: string;
}

const IMPL = "Deno" in globalThis ? "mpi4ts" : "mpi4ts node";
const CHUNKS = 50;
/** V8 optimizes FFI call sites late: warm every loop up this long first. */
const WARMUP_SECONDS = 1;

type Round = () => void | Promise<void>;

/** Runs `round` until rank 0 has seen `WARMUP_SECONDS` pass. */
async function warm(comm: mpi.Intracomm, round: Round): Promise<void> {
  const flag = new Int32Array(1);
  const t0 = mpi.Wtime();
  do {
    for (let i = 0; i < 500; i++) await round();
    flag[0] = Number(mpi.Wtime() - t0 < WARMUP_SECONDS);
    comm.Bcast(flag, 0);
  } while (flag[0]);
}

/** One-way µs: [sustained mean, best chunk]. */
async function time(
  comm: mpi.Intracomm,
  round: Round,
  iterations: number,
): Promise<[number, number]> {
  await warm(comm, round);
  const per = Math.ceil(iterations / CHUNKS);
  let best = Infinity, total = 0;
  for (let c = 0; c < CHUNKS; c++) {
    comm.Barrier();
    const t0 = mpi.Wtime();
    for (let i = 0; i < per; i++) await round();
    const t = mpi.Wtime() - t0;
    total += t;
    best = Math.min(best, t / per);
  }
  const us = (s: number) => (s / 2) * 1e6;
  return [us(total / (per * CHUNKS)), us(best)];
}

function blockingBuffer(comm: mpi.Intracomm, buf: Uint8Array): Round {
  const peer = 1 - comm.rank;
  return comm.rank === 0
    ? () => {
      comm.Send(buf, peer, 0);
      comm.Recv(buf, peer, 0);
    }
    : () => {
      comm.Recv(buf, peer, 0);
      comm.Send(buf, peer, 0);
    };
}

function awaitedBuffer(comm: mpi.Intracomm, buf: Uint8Array): Round {
  const peer = 1 - comm.rank;
  return comm.rank === 0
    ? async () => {
      comm.Send(buf, peer, 0);
      await comm.Irecv(buf, peer, 0).waitAsync();
    }
    : async () => {
      await comm.Irecv(buf, peer, 0).waitAsync();
      comm.Send(buf, peer, 0);
    };
}

function blockingValue(comm: mpi.Intracomm): Round {
  const peer = 1 - comm.rank;
  let value: unknown = new Uint8Array(8);
  return comm.rank === 0
    ? () => {
      comm.send(value, peer, 0);
      value = comm.recv(peer, 0);
    }
    : () => {
      value = comm.recv(peer, 0);
      comm.send(value, peer, 0);
    };
}

function awaitedValue(comm: mpi.Intracomm): Round {
  const peer = 1 - comm.rank;
  let value: unknown = new Uint8Array(8);
  return comm.rank === 0
    ? async () => {
      comm.send(value, peer, 0);
      value = await comm.irecv(peer, 0).waitAsync();
    }
    : async () => {
      value = await comm.irecv(peer, 0).waitAsync();
      comm.send(value, peer, 0);
    };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU time of this process so far, µs. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * Rank 1 awaits a message rank 0 sends `seconds` later; gives rank 1's CPU
 * use (% of a core) and its 10 ms timer's ticks per second meanwhile.
 */
async function longWait(
  comm: mpi.Intracomm,
  seconds: number,
): Promise<[number, number]> {
  const buf = new Float64Array(1);
  comm.Barrier();
  if (comm.rank === 0) {
    await sleep(seconds * 1000);
    comm.Send(buf, 1, 5);
    return comm.recv(1, 6) as [number, number];
  }
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const t0 = performance.now(), c0 = cpuMicros();
  await comm.Irecv(buf, 0, 5).waitAsync();
  const cpu = cpuMicros() - c0, wall = (performance.now() - t0) * 1000;
  clearInterval(timer);
  const result: [number, number] = [
    (100 * cpu) / wall,
    ticks / (wall / 1e6),
  ];
  comm.send(result, 0, 6);
  return result;
}

/** Wall-clock ms, comparable between processes of one host (`MPI_Wtime` need not be). */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The control for `longWait`: the same 10 ms timer and CPU count over
 * `seconds` with nothing pending, so a loaded machine's own timer lag and
 * CPU noise can be told apart from the wait's.
 */
async function idle(seconds: number): Promise<[number, number]> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const t0 = performance.now(), c0 = cpuMicros();
  await sleep(seconds * 1000);
  const cpu = cpuMicros() - c0, wall = (performance.now() - t0) * 1000;
  clearInterval(timer);
  return [(100 * cpu) / wall, ticks / (wall / 1e6)];
}

/**
 * How long after its sending an awaited message that comes `ms` later is
 * noticed (same host: both ranks read the same clock), ms: [mean, max].
 */
async function noticeDelay(
  comm: mpi.Intracomm,
  ms: number,
  rounds: number,
): Promise<[number, number]> {
  const buf = new Float64Array(1);
  let sum = 0, max = 0;
  for (let i = 0; i < rounds; i++) {
    comm.Barrier();
    if (comm.rank === 0) {
      await sleep(ms);
      buf[0] = epochMs();
      comm.Send(buf, 1, 7);
    } else {
      await comm.Irecv(buf, 0, 7).waitAsync();
      const late = epochMs() - buf[0];
      sum += late;
      max = Math.max(max, late);
    }
  }
  const out = comm.bcast([sum / rounds, max], 1) as [number, number];
  return out;
}

/**
 * Measures awaited against blocking MPI on the first 2 ranks of
 * `COMM_WORLD`; gives the rows on rank 0 (`[]` elsewhere).
 *
 * @example
 * ```ts ignore
 * const rows = await measureAwait({ iterations: 10_000, waitSeconds: 3 });
 * ```
 */
export async function measureAwait(
  opts: { iterations?: number; waitSeconds?: number } = {},
): Promise<AwaitRow[]> {
  const world = mpi.COMM_WORLD;
  if (world.size < 2) {
    throw new RangeError("await needs 2 ranks (mpiexec -n 2 ...)");
  }
  const comm = world.Split(world.rank < 2 ? 0 : mpi.UNDEFINED, world.rank);
  if (comm === mpi.COMM_NULL) return [];
  const iterations = opts.iterations ?? 10_000;
  const rows: AwaitRow[] = [];
  const add = (measure: string, mean: number, best: number, unit: string) =>
    rows.push({ impl: IMPL, bench: "await", measure, mean, best, unit });
  const buf = new Uint8Array(8);
  const pairs: [string, Round, Round][] = [
    ["8-byte buffer", blockingBuffer(comm, buf), awaitedBuffer(comm, buf)],
    ["small value", blockingValue(comm), awaitedValue(comm)],
  ];
  for (const [what, blocking, awaited] of pairs) {
    const [bm, bb] = await time(comm, blocking, iterations);
    const [am, ab] = await time(comm, awaited, iterations);
    add(`${what} blocking`, bm, bb, "µs");
    add(`${what} awaited`, am, ab, "µs");
    add(`${what} awaited/blocking`, am / bm, ab / bb, "×");
  }
  const seconds = opts.waitSeconds ?? 3;
  const [cpu, ticks] = await longWait(comm, seconds);
  add(`CPU awaiting ${seconds} s`, cpu, cpu, "% of a core");
  add("10 ms timer during the wait", ticks, ticks, "ticks/s");
  const [idleCpu, idleTicks] = comm.bcast(await idle(1), 1) as number[];
  add("CPU idle 1 s (control)", idleCpu, idleCpu, "% of a core");
  add("10 ms timer idle (control)", idleTicks, idleTicks, "ticks/s");
  const [mean, max] = await noticeDelay(comm, 20, 20);
  add("notice delay, message 20 ms away", mean, max, "ms (mean, max)");
  comm.Free();
  return world.rank === 0 ? rows : [];
}

/**
 * `cli.ts bench await`: prints a table on rank 0 (or JSON lines with
 * `MPI4TS_BENCH_JSON=1`, for `bench/run.ts`).
 *
 * @example
 * ```ts ignore
 * await runAwait({ iterations: 10_000 });
 * ```
 */
export async function runAwait(
  opts: { iterations?: number; waitSeconds?: number } = {},
): Promise<void> {
  const rows = await measureAwait(opts);
  const json = process.env.MPI4TS_BENCH_JSON === "1";
  for (const r of rows) {
    console.log(
      json
        ? JSON.stringify(r)
        : `${r.measure.padEnd(36)} ${r.mean.toFixed(3).padStart(10)} ${
          r.best.toFixed(3).padStart(10)
        } ${r.unit}`,
    );
  }
}
