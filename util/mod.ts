/**
 * Utilities on top of the MPI bindings (`@mpi4ts/mpi/util`), as
 * `mpi4py.util`: `sync`, synchronization objects over one-sided
 * communication, and `dtlib`, which converts record layouts and datatypes.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { dtlib, sync } from "@mpi4ts/mpi/util";
 * using counter = new sync.Counter(0, 1, { comm: mpi.COMM_WORLD });
 * console.log(counter.next());
 * using rec = dtlib.fromLayout([["x", "f8"], ["n", "i4"]]);
 * console.log(rec.extent); // 16
 * ```
 *
 * @module
 */
export * as sync from "./sync.ts";
export * as dtlib from "./dtlib.ts";
