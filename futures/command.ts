/**
 * `cli.ts futures main.ts`: rank 0 runs the main script and ranks 1..N-1
 * serve every pool it creates (like `python -m mpi4py.futures`). When the
 * script's module has finished loading (top-level awaits included) and its
 * tasks have settled, the workers stop and every rank returns.
 *
 * @module
 */
import { pathToFileURL } from "node:url";
import { COMM_WORLD } from "../comm/comm.ts";
import { abortJob, formatError } from "../core/startup.ts";
import { setProgramArgs } from "../ffi/process.ts";
import { Manager } from "./manager.ts";
import { serve } from "./worker.ts";
import { setSharedWorkers } from "./world.ts";

/**
 * Runs script `path` with `args` on rank 0 of `COMM_WORLD` and makes the
 * other ranks its pools' workers (collective over `COMM_WORLD`).
 *
 * @example
 * ```ts
 * await runWithWorkers("main.ts", []);
 * ```
 */
export async function runWithWorkers(
  path: string,
  args: string[],
): Promise<void> {
  const comm = COMM_WORLD.Dup();
  try {
    if (comm.rank !== 0) {
      await serve(comm, 0);
      return;
    }
    const workers = comm.size > 1
      ? new Manager(
        comm,
        Array.from({ length: comm.size - 1 }, (_, i) => i + 1),
      )
      : undefined;
    setSharedWorkers(workers);
    setProgramArgs(path, args);
    try {
      await import(pathToFileURL(path).href);
    } catch (error) {
      abortJob(formatError(error));
    }
    if (workers) {
      await workers.drained();
      await workers.stop();
      setSharedWorkers(undefined);
    }
  } finally {
    comm.Free();
  }
}
