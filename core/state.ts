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
  /** Live MPI-4 sessions (MPI is usable through them without Init). */
  sessions: 0,
  /**
   * (initialized && !finalized) || sessions > 0, kept as one field for the
   * hot path.
   */
  active: false,
};

/** Recomputes `state.active` after Init, Finalize or a session's start or end. */
export function updateActive(): void {
  state.active = (state.initialized && !state.finalized) || state.sessions > 0;
}

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
