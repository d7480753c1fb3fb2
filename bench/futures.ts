/**
 * The task-pool benchmark (mpi4ts side; `bench/py/futures.py` is mpi4py's
 * mirror): throughput of trivial tasks through one worker, `map` with
 * `chunksize` 100 over two workers, and the round trip of one `submit`.
 * Prints one JSON line per row.
 *
 *     deno run -A bench/futures.ts                          # spawned pools
 *     mpiexec -n 2 deno run -A cli.ts futures bench/futures.ts one
 *     mpiexec -n 3 deno run -A cli.ts futures bench/futures.ts two
 *
 * With `one` or `two` only the rows for that many workers run (the job's
 * other ranks are the workers).
 *
 * @module
 */
import { PoolExecutor } from "../futures/mod.ts";
import { programArgs } from "../ffi/process.ts";

const TASKS = new URL(
  `./futures_tasks.${import.meta.url.endsWith(".js") ? "js" : "ts"}`,
  import.meta.url,
);
const N = Number(Deno.env.get("MPI4TS_BENCH_TASKS") ?? 20000);
const which = programArgs()[0] ?? "all";
/** Rounds of `map` timed as one run. */
const ROUNDS = 20;

interface Row {
  row: string;
  unit: string;
  /** The sustained figure: the whole long run. */
  mean: number;
  /** The best block of the run (the one the collector spared). */
  best: number;
}

function print(row: Row): void {
  console.log(JSON.stringify({ impl: "mpi4ts", ...row }));
}

/** Tasks per second of `n` submits awaited together, as blocks of 1,000. */
async function throughput(pool: PoolExecutor, n: number): Promise<Row> {
  const t0 = performance.now();
  let best = 0;
  for (let done = 0; done < n; done += 1000) {
    const b0 = performance.now();
    const all = [];
    for (let i = 0; i < 1000; i++) all.push(pool.submit(TASKS, "square", i));
    await Promise.all(all);
    best = Math.max(best, 1000 / ((performance.now() - b0) / 1e3));
  }
  const mean = n / ((performance.now() - t0) / 1e3);
  return { row: `${n} tasks, 1 worker`, unit: "tasks/s", mean, best };
}

async function mapped(pool: PoolExecutor, n: number): Promise<Row> {
  const inputs = [...Array(n).keys()];
  let best = 0;
  const t0 = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    const r0 = performance.now();
    let count = 0;
    for await (
      const _ of pool.map(TASKS, "square", inputs, { chunksize: 100 })
    ) count++;
    if (count !== n) throw new Error(`map gave ${count} results`);
    best = Math.max(best, n / ((performance.now() - r0) / 1e3));
  }
  const mean = ROUNDS * n / ((performance.now() - t0) / 1e3);
  return {
    row: `map ${n}, chunksize 100, 2 workers`,
    unit: "tasks/s",
    mean,
    best,
  };
}

async function roundTrip(pool: PoolExecutor, n: number): Promise<Row> {
  let best = Infinity;
  const t0 = performance.now();
  for (let done = 0; done < n; done += 100) {
    const b0 = performance.now();
    for (let i = 0; i < 100; i++) await pool.submit(TASKS, "square", i);
    best = Math.min(best, (performance.now() - b0) * 10);
  }
  const mean = (performance.now() - t0) * 1e3 / n;
  return { row: "round trip of one submit", unit: "us", mean, best };
}

/** Runs `fn` for a second untimed (the JIT and MPI warm up), then timed. */
async function warm(pool: PoolExecutor): Promise<void> {
  const end = performance.now() + 1000;
  while (performance.now() < end) {
    const all = [];
    for (let i = 0; i < 200; i++) all.push(pool.submit(TASKS, "square", i));
    await Promise.all(all);
    await pool.submit(TASKS, "square", 1);
  }
}

if (which === "all" || which === "one") {
  await using one = new PoolExecutor({ maxWorkers: 1 });
  await warm(one);
  print(await throughput(one, N));
  print(await roundTrip(one, Math.min(N, 5000)));
}
if (which === "all" || which === "two") {
  await using two = new PoolExecutor({ maxWorkers: 2 });
  await warm(two);
  print(await mapped(two, N));
}
