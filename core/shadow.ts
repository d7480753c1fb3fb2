/**
 * A communicator's private twin: a duplicate (`MPI_Comm_dup`) on which the
 * library sends its own point-to-point messages, such as the direct value
 * collectives' (`collectives/value_direct.ts`). Its context is separate, so
 * none of them can match a user's receive, even with `ANY_TAG`.
 *
 * Made on first use, which is collective: only calls that every rank makes
 * in the same order (collectives) may ask for it. Freed or disconnected
 * with its communicator; those of `COMM_WORLD` and `COMM_SELF` are left
 * for `MPI_Finalize`.
 *
 * @module
 */
import { type Handle, lib, readHandle, writeHandle } from "../ffi/lib.ts";
import { check } from "./errors.ts";
import { state } from "./state.ts";
import type { Comm } from "../comm/comm.ts";

const twins = new WeakMap<Comm, Handle>();
const cell = new Uint8Array(8);

/** The private duplicate of `comm`, made now if this is its first use (collective). */
export function shadowOf(comm: Comm): Handle {
  const known = twins.get(comm);
  if (known !== undefined) return known;
  check(lib.MPI_Comm_dup(comm.handle, cell), "MPI_Comm_dup");
  const twin = readHandle(cell);
  twins.set(comm, twin);
  return twin;
}

/**
 * Frees `comm`'s duplicate, if it has one, as `comm` is being freed
 * (`MPI_Comm_free`) or disconnected (`MPI_Comm_disconnect`, so that no
 * connection to the other processes is left).
 */
export function releaseShadow(comm: Comm, disconnect: boolean): void {
  const twin = twins.get(comm);
  if (twin === undefined) return;
  twins.delete(comm);
  if (!state.active) return;
  writeHandle(cell, 0, twin);
  if (disconnect) {
    check(lib.MPI_Comm_disconnect(cell), "MPI_Comm_disconnect");
  } else check(lib.MPI_Comm_free(cell), "MPI_Comm_free");
}

/** Whether `comm` has its private duplicate yet. */
export function hasShadow(comm: Comm): boolean {
  return twins.has(comm);
}
