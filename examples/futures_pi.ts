/**
 * Monte Carlo π on a task pool: 200 tasks of a million darts each, run by
 * the pool's workers.
 *
 *     # the job's other ranks are the workers (any MPI)
 *     mpiexec -n 3 deno run -A cli.ts futures examples/futures_pi.ts
 *     # or spawned workers (Open MPI)
 *     deno run -A examples/futures_pi.ts
 *
 * @module
 */
import { PoolExecutor } from "../futures/mod.ts";

const TASKS = new URL(
  `./pi_tasks.${import.meta.url.endsWith(".js") ? "js" : "ts"}`,
  import.meta.url,
);
const TASKS_N = 200, DARTS = 1_000_000;

await using pool = new PoolExecutor();
const t0 = performance.now();
let inside = 0;
for await (
  const h of pool.starmap(
    TASKS,
    "hits",
    Array.from({ length: TASKS_N }, (_, seed) => [seed, DARTS]),
    { unordered: true },
  )
) inside += h as number;
const pi = 4 * inside / (TASKS_N * DARTS);
console.log(
  `π ≈ ${pi.toFixed(5)} from ${TASKS_N * DARTS} darts on ${pool.numWorkers} ` +
    `workers in ${((performance.now() - t0) / 1e3).toFixed(2)} s`,
);
