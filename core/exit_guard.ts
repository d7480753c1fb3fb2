/**
 * The meeting point at the end of a multi-rank program. A rank whose
 * program ends finalizes MPI, and `MPI_Finalize` waits for every rank: if
 * another rank is blocked waiting for this one (a missing send or
 * collective), both would wait forever. So a rank that reaches the end
 * without calling `Finalize()` first meets the others in a nonblocking
 * barrier on a private communicator (it cannot match the user's
 * collectives), for at most `MPI4TS_EXIT_TIMEOUT` seconds; the caller then
 * aborts the job naming this rank.
 *
 * @module
 */
import { H, lib, readHandle } from "../ffi/lib.ts";
import { check } from "./errors.ts";
import { STATUS_SIZE } from "./status.ts";

let exitComm: Uint8Array | undefined;

/** Creates the private communicator (collective over `COMM_WORLD`, at start-up). */
export function armExitGuard(): void {
  const size = new Int32Array(1);
  lib.MPI_Comm_size(H.COMM_WORLD!, size);
  if (size[0] <= 1 || exitComm) return;
  const cell = new Uint8Array(8);
  check(lib.MPI_Comm_dup(H.COMM_WORLD!, cell), "MPI_Comm_dup");
  exitComm = cell;
}

/** Frees the private communicator (collective: every rank is finalizing). */
export function disarmExitGuard(): void {
  if (!exitComm) return;
  check(lib.MPI_Comm_free(exitComm), "MPI_Comm_free");
  exitComm = undefined;
}

/**
 * Waits up to `seconds` (0: no limit) until every rank has reached the end
 * of its program; true if they all did.
 */
export function meetAtExit(seconds: number): boolean {
  if (!exitComm) return true;
  const comm = readHandle(exitComm);
  const req = new Uint8Array(8);
  check(lib.MPI_Ibarrier(comm, req), "MPI_Ibarrier");
  const flag = new Int32Array(1), status = new Uint8Array(STATUS_SIZE);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const deadline = performance.now() + seconds * 1000;
  let pause = 0.05;
  for (;;) {
    check(lib.MPI_Test(req, flag, status), "MPI_Test");
    if (flag[0] !== 0) break;
    if (seconds > 0 && performance.now() > deadline) return false;
    Atomics.wait(nap, 0, 0, pause);
    pause = Math.min(pause * 2, 10);
  }
  // Every rank is here, but each saw it after a nap of up to 10 ms: a
  // blocking barrier makes them enter MPI_Finalize together. MPICH 4.0 over
  // UCX's TCP hangs in MPI_Finalize when one rank finishes its disconnects
  // before another starts (README, "Running on a cluster").
  check(lib.MPI_Barrier(comm), "MPI_Barrier");
  return true;
}
