/**
 * Error handlers: `ERRORS_RETURN` (mpi4ts's default: errors become
 * `MPIError`) and `ERRORS_ARE_FATAL`.
 *
 * @module
 */
import { C, H, type Handle, lib, writeHandle } from "../ffi/lib.ts";
import { check } from "./errors.ts";
import { HandleObject } from "./handle.ts";

function freeErrhandler(h: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Errhandler_free(cell), "MPI_Errhandler_free");
}

/**
 * An MPI error handler: `ERRORS_RETURN` (mpi4ts's default: errors become
 * `MPIError`) or `ERRORS_ARE_FATAL`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * mpi.COMM_SELF.Set_errhandler(mpi.ERRORS_ARE_FATAL);
 * mpi.COMM_SELF.Set_errhandler(mpi.ERRORS_RETURN);
 * ```
 */
export class Errhandler extends HandleObject {
  /**
   * Wraps an error handler handle (users use `ERRORS_RETURN` and
   * `ERRORS_ARE_FATAL`).
   *
   * @param handle the C handle
   * @param predefined whether MPI owns it
   */
  constructor(handle: Handle | null, predefined: boolean) {
    super(handle, predefined ? undefined : freeErrhandler);
  }

  /** `ERR_ARG`: the class of errors for a freed error handler. */
  protected get nullErrorClass(): number {
    return C.ERR_ARG;
  }
}

/** Errors return to the caller (mpi4ts turns them into `MPIError`). */
export const ERRORS_RETURN: Errhandler = new Errhandler(H.ERRORS_RETURN, true);

/** Errors abort the job. */
export const ERRORS_ARE_FATAL: Errhandler = new Errhandler(
  H.ERRORS_ARE_FATAL,
  true,
);
