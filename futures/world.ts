/**
 * The workers of `cli.ts futures`: ranks 1..N-1 of `COMM_WORLD` serve
 * every pool that the main script on rank 0 creates, so a `PoolExecutor`
 * there uses them instead of spawning its own.
 *
 * @module
 */
import type { Manager } from "./manager.ts";

let shared: Manager | undefined;

/**
 * Makes `manager` the one every `PoolExecutor` of this process uses
 * (`undefined` to stop that).
 *
 * @example
 * ```ts
 * setSharedWorkers(undefined);
 * console.log(sharedWorkers()); // undefined
 * ```
 */
export function setSharedWorkers(manager: Manager | undefined): void {
  shared = manager;
}

/**
 * The manager of the command line's workers, if this process is the
 * main rank of `cli.ts futures`.
 *
 * @example
 * ```ts
 * if (sharedWorkers()) console.log("pools use the job's ranks");
 * ```
 */
export function sharedWorkers(): Manager | undefined {
  return shared;
}
