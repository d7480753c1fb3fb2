/**
 * The task of the pool benchmark, as trivial as mpi4py's: `x => x * x`.
 *
 * @module
 */

/** `x * x`. */
export function square(x: number): number {
  return x * x;
}
