/**
 * Task pools (`@mpi4ts/mpi/futures`, npm `mpi4ts/futures`), the
 * counterpart of `mpi4py.futures` with promises: a task is a function
 * exported from a module, named by the module's URL and the export's
 * name; its arguments and result travel as values.
 *
 * @example
 * ```ts
 * import { PoolExecutor } from "@mpi4ts/mpi/futures";
 * await using pool = new PoolExecutor({ maxWorkers: 2 });
 * const url = new URL("./tasks.ts", import.meta.url);
 * for await (const y of pool.map(url, "square", [1, 2, 3])) console.log(y);
 * ```
 *
 * @module
 */
export { CommExecutor } from "./comm_executor.ts";
export {
  Executor,
  type MapOptions,
  type Remote,
  type ShutdownOptions,
} from "./executor.ts";
export { CancelledError } from "./manager.ts";
export { PoolExecutor, type PoolOptions } from "./pool_executor.ts";
