/**
 * Utilities on top of the MPI bindings (`@mpi4ts/mpi/util`), as
 * `mpi4py.util`: `dtlib` converts record layouts and datatypes.
 *
 * @example
 * ```ts
 * import { dtlib } from "@mpi4ts/mpi/util";
 * using rec = dtlib.fromLayout([["x", "f8"], ["n", "i4"]]);
 * console.log(rec.extent); // 16
 * ```
 *
 * @module
 */
export * as dtlib from "./dtlib.ts";
