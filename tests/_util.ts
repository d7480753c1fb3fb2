/**
 * Helpers shared by the MPI tests: every test runs on every rank of
 * `COMM_WORLD` (1 to 4 ranks, Open MPI and MPICH) and asserts what that
 * rank must observe.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as mpi from "../mod.ts";
import { setFailureHook, test } from "./_harness.ts";

export { assert, mpi, test };

setFailureHook((name, error) => {
  if (mpi.COMM_WORLD.size > 1 && !mpi.Is_finalized()) {
    console.error(`[rank ${mpi.COMM_WORLD.rank}] FAILED ${name}:`, error);
    mpi.Abort(1);
  }
});

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

/**
 * A module of `tests/fixtures/`: the `.ts` source under Deno and Bun, the
 * compiled `.js` under Node.
 */
export function fixture(name: string): URL {
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`./fixtures/${name}${ext}`, import.meta.url);
}

/** Whether this library can start processes and open ports (MPICH built with ch4:ucx cannot). */
export const canSpawn: boolean = !/MPICH Device:\s*ch4:ucx/.test(
  mpi.Get_library_version(),
);
/** The `ignore` reason of a test that starts processes or opens ports. */
export const NO_SPAWN: string | false = !canSpawn &&
  "this MPI library cannot start processes or open ports";

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
