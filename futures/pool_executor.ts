/**
 * `PoolExecutor`: a pool of spawned worker processes (or, under
 * `cli.ts futures`, the job's other ranks).
 *
 * @module
 */
import type { Intercomm } from "../comm/comm.ts";
import { COMM_SELF, COMM_WORLD } from "../comm/comm.ts";
import { UNIVERSE_SIZE } from "../core/constants.ts";
import { Info } from "../core/info.ts";
import { envVar } from "../ffi/process.ts";
import { runtimeCommand } from "../process/runtime.ts";
import { Executor } from "./executor.ts";
import { Manager } from "./manager.ts";
import { type Init, moduleHref } from "./protocol.ts";
import { sharedWorkers } from "./world.ts";

/** Options of `new PoolExecutor()`. */
export interface PoolOptions {
  /**
   * Workers to spawn. Default: `MPI4TS_FUTURES_MAX_WORKERS`, else the
   * universe size minus the world size (free slots the launcher knows
   * of), else 1.
   */
  readonly maxWorkers?: number;
  /** `[url, name, ...args]`: an export each worker calls once, before any task. */
  readonly initializer?: readonly [string | URL, string, ...unknown[]];
  /** Environment variables set in each worker before the initializer. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the launcher looks for the runtime's executable (Spawn info `path`). */
  readonly path?: string;
  /** The workers' working directory (Spawn info `wdir`). */
  readonly wdir?: string;
}

/** The worker program a pool spawns. */
const WORKER = new URL(
  import.meta.url.endsWith(".js") ? "./worker_main.js" : "./worker_main.ts",
  import.meta.url,
);

/**
 * The default worker count (SPEC: `MPI4TS_FUTURES_MAX_WORKERS`, else
 * universe size minus world size, else 1).
 *
 * @example
 * ```ts
 * console.log(defaultWorkers() >= 1); // true
 * ```
 */
export function defaultWorkers(): number {
  const env = envVar("MPI4TS_FUTURES_MAX_WORKERS");
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new RangeError(
        `MPI4TS_FUTURES_MAX_WORKERS must be an integer >= 1, got '${env}'`,
      );
    }
    return n;
  }
  const universe = COMM_WORLD.Get_attr(UNIVERSE_SIZE);
  const free = typeof universe === "number" ? universe - COMM_WORLD.size : 0;
  return free >= 1 ? free : 1;
}

function checkOptions(options: PoolOptions): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options must be an object, got ${String(options)}`);
  }
  const { maxWorkers, initializer, env, path, wdir } = options;
  if (
    maxWorkers !== undefined &&
    (!Number.isSafeInteger(maxWorkers) || maxWorkers < 1)
  ) {
    throw new RangeError(
      `maxWorkers must be an integer >= 1, got ${String(maxWorkers)}`,
    );
  }
  if (
    initializer !== undefined &&
    (!Array.isArray(initializer) || initializer.length < 2 ||
      typeof initializer[1] !== "string")
  ) {
    throw new TypeError(
      "initializer must be [url, exportName, ...args]",
    );
  }
  if (env !== undefined) {
    for (const [k, v] of Object.entries(env ?? {})) {
      if (typeof v !== "string") {
        throw new TypeError(`env.${k} must be a string, got ${typeof v}`);
      }
    }
  }
  for (const [name, v] of [["path", path], ["wdir", wdir]] as const) {
    if (v !== undefined && typeof v !== "string") {
      throw new TypeError(`${name} must be a string, got ${typeof v}`);
    }
  }
}

/**
 * A pool of worker processes that run exported functions of modules.
 *
 * The workers are spawned (`MPI_Comm_spawn` from `COMM_SELF`, running the
 * same runtime with the same flags) on the first task, and stop at
 * `shutdown()` or at the end of an `await using` block. Under
 * `mpiexec -n N … cli.ts futures main.ts`, every pool of `main.ts` uses
 * ranks 1..N-1 instead and spawns nothing.
 *
 * On an MPI build that cannot spawn (Debian's MPICH 4.0), the first task
 * rejects with the `MPIError` of `Spawn`, which says so; run under
 * `cli.ts futures` or use `CommExecutor` there.
 *
 * @example
 * ```ts
 * import { PoolExecutor } from "@mpi4ts/mpi/futures";
 * await using pool = new PoolExecutor({ maxWorkers: 2 });
 * const url = new URL("./tasks.ts", import.meta.url);
 * console.log(await pool.submit(url, "square", 7)); // 49
 * ```
 */
export class PoolExecutor extends Executor {
  readonly #options: PoolOptions;
  #manager: Manager | undefined;
  #inter: Intercomm | undefined;
  #count: number | undefined;

  /** A pool; nothing starts until the first task. */
  constructor(options: PoolOptions = {}) {
    super();
    checkOptions(options);
    this.#options = options;
  }

  /** Number of workers: those the pool spawns, or the job's other ranks. */
  get numWorkers(): number {
    const shared = sharedWorkers();
    if (shared) return shared.liveWorkers;
    if (this.#manager) return this.#manager.liveWorkers;
    return this.#count ??= this.#options.maxWorkers ?? defaultWorkers();
  }

  /** @ignore */
  protected started(): Manager | undefined {
    return sharedWorkers() ?? this.#manager;
  }

  /** @ignore */
  protected manager(): Manager {
    const shared = sharedWorkers();
    if (shared) return shared;
    if (this.#manager) return this.#manager;
    const n = this.numWorkers;
    const { command, args } = runtimeCommand(WORKER);
    using info = Info.Create();
    if (this.#options.path) info.Set("path", this.#options.path);
    if (this.#options.wdir) info.Set("wdir", this.#options.wdir);
    const inter = COMM_SELF.Spawn(command, args, n, info);
    this.#inter = inter;
    const { initializer, env } = this.#options;
    const init: Init = {
      ...(initializer
        ? {
          initializer: [
            moduleHref(initializer[0]),
            initializer[1],
            ...initializer.slice(2),
          ],
        }
        : {}),
      ...(env ? { env } : {}),
    };
    this.#manager = new Manager(
      inter,
      Array.from({ length: n }, (_, i) => i),
      init,
    );
    return this.#manager;
  }

  /** @ignore */
  protected async release(manager: Manager | undefined): Promise<void> {
    if (!manager || manager === sharedWorkers()) return;
    await manager.stop();
    this.#inter?.Disconnect();
    this.#inter = undefined;
  }
}
