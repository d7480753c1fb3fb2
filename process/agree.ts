/**
 * Argument agreement for collective process calls: arguments that matter at
 * the root only are checked there, and every rank learns the outcome before
 * the C call, so a bad argument at one rank makes every rank throw instead
 * of leaving the others waiting in `MPI_Comm_spawn` or `MPI_Comm_accept`.
 *
 * @module
 */
import { C, H, lib } from "../ffi/lib.ts";
import { check, mpiError } from "../core/errors.ts";
import type { Comm } from "../comm/comm.ts";

const mine = new Int32Array(2);
const all = new Int32Array(2);

/**
 * Runs `atRoot` on the root (its result: a non-negative count every rank
 * needs, such as the number of processes to start) and `everywhere` on
 * every rank (local checks), then shares both with one `MPI_Allreduce`. A
 * rank whose check threw rethrows it; the others throw an `MPIError`
 * (`ERR_ARG`) naming `call` and the rank that failed.
 */
export function agree(
  comm: Comm,
  root: number,
  call: string,
  atRoot: () => number,
  everywhere: () => void,
): number {
  let failure: { error: unknown } | undefined;
  let value = 0;
  try {
    everywhere();
    if (comm.rank === root) value = atRoot();
  } catch (error) {
    failure = { error };
  }
  if (comm.size === 1) {
    if (failure) throw failure.error;
    return value;
  }
  mine[0] = failure ? comm.rank + 1 : 0;
  mine[1] = value;
  check(
    lib.MPI_Allreduce(mine, all, 2, H.INT!, H.MAX!, comm.handle),
    "MPI_Allreduce",
  );
  if (failure) throw failure.error;
  if (all[0] !== 0) {
    throw mpiError(
      C.ERR_ARG,
      call,
      `an argument at rank ${
        all[0] - 1
      } was invalid (that rank threw the reason); ` +
        "no process called MPI",
    );
  }
  return all[1];
}
