/**
 * Helpers shared by the MPI tests: every test runs on every rank of
 * `COMM_WORLD` (1 to 4 ranks, Open MPI and MPICH) and asserts what that
 * rank must observe.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as mpi from "../mod.ts";

export { assert, mpi };

/**
 * A failed assertion on one rank would leave the others waiting in the next
 * collective forever (and hide the failure). So every test defined after
 * this module loads reports its failure as `[rank N]` and aborts the job
 * when there are other ranks to release.
 */
function abortOnFailure(fn: (t: Deno.TestContext) => void | Promise<void>) {
  return async (t: Deno.TestContext) => {
    try {
      await fn(t);
    } catch (error) {
      if (mpi.COMM_WORLD.size > 1 && !mpi.Is_finalized()) {
        console.error(`[rank ${mpi.COMM_WORLD.rank}] FAILED ${t.name}:`, error);
        mpi.Abort(1);
      }
      throw error;
    }
  };
}

const denoTest = Deno.test;
// deno-lint-ignore no-explicit-any
(Deno as any).test = (...args: any[]) => {
  const fnIndex = args.findIndex((a) => typeof a === "function");
  if (fnIndex >= 0) args[fnIndex] = abortOnFailure(args[fnIndex]);
  else if (typeof args[0] === "object" && args[0].fn) {
    args[0] = { ...args[0], fn: abortOnFailure(args[0].fn) };
  }
  // deno-lint-ignore no-explicit-any
  return (denoTest as any)(...args);
};

/** The world communicator, its rank and size. */
export const world: mpi.Intracomm = mpi.COMM_WORLD;
/** This rank. */
export const rank: number = world.rank;
/** Number of ranks. */
export const size: number = world.size;
/** Next rank on the ring. */
export const next: number = (rank + 1) % size;
/** Previous rank on the ring. */
export const prev: number = (rank + size - 1) % size;

/** Asserts that `fn` throws an `MPIError` of class `errorClass`. */
export function assertMPIError(fn: () => unknown, errorClass: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof mpi.MPIError, `expected MPIError, got ${e}`);
    assert.equal(e.errorClass, errorClass, `error class of: ${e.message}`);
    return true;
  });
}

/** Asserts that `fn` throws `ctor` with a message matching `pattern`. */
export function assertThrowsNaming(
  fn: () => unknown,
  ctor: new (...args: never[]) => Error,
  pattern: RegExp,
): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ctor, `expected ${ctor.name}, got ${e}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}
