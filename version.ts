/**
 * The mpi4ts version (kept equal to `deno.json` and the npm package by a test).
 *
 * @example
 * ```ts
 * console.log(VERSION);
 * ```
 *
 * @module
 */

/** The mpi4ts version. */
export const VERSION = "0.1.0";
