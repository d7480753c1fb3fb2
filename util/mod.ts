/**
 * Utilities: `sync`, synchronization objects over one-sided communication
 * (as `mpi4py.util.sync`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { sync } from "@mpi4ts/mpi/util";
 * using counter = new sync.Counter(0, 1, { comm: mpi.COMM_WORLD });
 * console.log(counter.next());
 * ```
 *
 * @module
 */
export * as sync from "./sync.ts";
