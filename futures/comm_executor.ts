/**
 * `CommExecutor`: the ranks of a communicator other than a root serve the
 * root's tasks (mpi4py's `MPICommExecutor`).
 *
 * @module
 */
import { COMM_WORLD, type Intracomm } from "../comm/comm.ts";
import { rootRank } from "../core/checks.ts";
import { Executor } from "./executor.ts";
import { Manager } from "./manager.ts";
import { serve } from "./worker.ts";

/**
 * A pool whose workers are the other ranks of a communicator.
 *
 * `await CommExecutor.start(comm, root)` is collective over `comm`. On
 * `root` it resolves at once to the executor; on every other rank it
 * serves tasks (async ones too) until the root shuts the executor down,
 * then resolves to `null` — as mpi4py's `MPICommExecutor` gives `None`
 * to its `with` block on the workers. The pool talks on a duplicate of
 * `comm`, so its messages never match the program's own. On a
 * communicator of one process the root is its own worker: tasks run in
 * this process, between other awaits.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { CommExecutor } from "@mpi4ts/mpi/futures";
 * await using ex = await CommExecutor.start(mpi.COMM_WORLD, 0);
 * if (ex) {
 *   const url = new URL("./tasks.ts", import.meta.url);
 *   console.log(await ex.submit(url, "square", 7)); // 49
 * }
 * ```
 */
export class CommExecutor extends Executor {
  readonly #comm: Intracomm;
  readonly #manager: Manager;
  /** The root's own worker loop, on a communicator of one. */
  readonly #self: Promise<void> | undefined;

  private constructor(comm: Intracomm, root: number) {
    super();
    this.#comm = comm;
    if (comm.size === 1) {
      this.#self = serve(comm, 0);
      this.#manager = new Manager(comm, [0]);
    } else {
      const ranks = [];
      for (let r = 0; r < comm.size; r++) if (r !== root) ranks.push(r);
      this.#manager = new Manager(comm, ranks);
    }
  }

  /**
   * Starts the pool over `comm` (collective): the executor on `root`,
   * `null` on the other ranks once the root has shut it down.
   */
  static async start(
    comm: Intracomm = COMM_WORLD,
    root = 0,
  ): Promise<CommExecutor | null> {
    if (!comm || comm.isInter || typeof comm.Dup !== "function") {
      throw new TypeError(
        `comm must be an intracommunicator, got ${String(comm)}`,
      );
    }
    rootRank(comm, root, "CommExecutor.start");
    const dup = comm.Dup();
    if (dup.rank === root) return new CommExecutor(dup, root);
    try {
      await serve(dup, root);
    } finally {
      dup.Free();
    }
    return null;
  }

  /** Number of workers: the other ranks of the communicator (1 when alone). */
  get numWorkers(): number {
    return this.#manager.liveWorkers;
  }

  /** @ignore */
  protected started(): Manager {
    return this.#manager;
  }

  /** @ignore */
  protected manager(): Manager {
    return this.#manager;
  }

  /** @ignore */
  protected async release(): Promise<void> {
    const stopped = this.#manager.stop();
    await this.#self;
    await stopped;
    this.#comm.Free();
  }
}
