/**
 * Process-wide MPI state shared by every module: whether MPI is usable.
 *
 * @module
 */
import { mpiError } from "./errors.ts";
import { C } from "../ffi/lib.ts";

/** Lifecycle of MPI in this process. */
export const state = {
  /** MPI_Init has completed. */
  initialized: false,
  /** MPI_Finalize has completed. */
  finalized: false,
  /** mpi4ts called MPI_Init (so it owns MPI_Finalize). */
  ownsInit: false,
  /** initialized && !finalized, kept as one field for the hot path. */
  active: false,
};

/**
 * Throws unless MPI is between `Init` and `Finalize`.
 *
 * @example
 * ```ts
 * ensureActive("MPI_Send"); // throws MPIError before Init or after Finalize
 * ```
 */
export function ensureActive(call: string): void {
  if (state.active) return;
  throw mpiError(
    C.ERR_OTHER,
    call,
    state.finalized
      ? "MPI has been finalized; no MPI call is allowed after Finalize()"
      : "MPI is not initialized; call Init() first (rc.initialize was false)",
  );
}
