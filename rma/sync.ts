/**
 * Synchronization of RMA epochs: active target (`Fence`; `Start`/
 * `Complete` with `Post`/`Wait`/`Test`) and passive target (`Lock`/
 * `Unlock`, `Lock_all`/`Unlock_all`, the `Flush` family, `Sync`). A call
 * that completes operations lets go of the memory they kept alive.
 *
 * @module
 */
import { C, lib } from "../ffi/lib.ts";
import { check, int, mpiError } from "../core/errors.ts";
import { groupHandle } from "../core/group.ts";
import type { WinFacts } from "./facts.ts";
import { completed, completedAll } from "./operations.ts";

const flagOut = new Int32Array(1);

function assertionArg(value: unknown): number {
  return value === undefined ? 0 : int(value, "assertion");
}

function rankArg(f: WinFacts, rank: unknown, call: string): number {
  const r = int(rank, "rank");
  if ((r >= 0 && r < f.groupSize) || r === C.PROC_NULL) return r;
  throw notInGroup(f, r, call);
}

function notInGroup(f: WinFacts, r: number, call: string): Error {
  return mpiError(
    C.ERR_RANK,
    call,
    `rank ${r} is not in the window's group (size ${f.groupSize})`,
  );
}

/** `MPI_Win_fence`: closes the access and exposure epoch and opens the next. */
export function fence(f: WinFacts, assertion: unknown): void {
  const a = assertionArg(assertion);
  check(lib.MPI_Win_fence(a, f.handle()), "MPI_Win_fence");
  completedAll(f);
}

/** `MPI_Win_start`: an access epoch to the processes of `group`. */
export function start(f: WinFacts, group: unknown, assertion: unknown): void {
  const g = groupHandle(group, "group");
  const a = assertionArg(assertion);
  check(lib.MPI_Win_start(g, a, f.handle()), "MPI_Win_start");
}

/** `MPI_Win_complete`: ends the access epoch `start` opened. */
export function complete(f: WinFacts): void {
  check(lib.MPI_Win_complete(f.handle()), "MPI_Win_complete");
  completedAll(f);
}

/** `MPI_Win_post`: an exposure epoch for the processes of `group`. */
export function post(f: WinFacts, group: unknown, assertion: unknown): void {
  const g = groupHandle(group, "group");
  const a = assertionArg(assertion);
  check(lib.MPI_Win_post(g, a, f.handle()), "MPI_Win_post");
}

/** `MPI_Win_wait`: ends the exposure epoch `post` opened. */
export function wait(f: WinFacts): true {
  check(lib.MPI_Win_wait(f.handle()), "MPI_Win_wait");
  return true;
}

/** `MPI_Win_test`: whether the exposure epoch has ended (then it is closed). */
export function test(f: WinFacts): boolean {
  check(lib.MPI_Win_test(f.handle(), flagOut), "MPI_Win_test");
  return flagOut[0] !== 0;
}

/** `MPI_Win_lock`: a passive-target access epoch to `rank`. */
export function lock(
  f: WinFacts,
  rank: unknown,
  lockType: unknown,
  assertion: unknown,
): void {
  const r = rankArg(f, rank, "MPI_Win_lock");
  const type = lockType === undefined
    ? C.LOCK_EXCLUSIVE
    : int(lockType, "lockType");
  if (type !== C.LOCK_EXCLUSIVE && type !== C.LOCK_SHARED) {
    throw mpiError(
      C.ERR_LOCKTYPE,
      "MPI_Win_lock",
      `lockType must be LOCK_EXCLUSIVE or LOCK_SHARED, got ${type}`,
    );
  }
  const a = assertionArg(assertion);
  check(lib.MPI_Win_lock(type, r, a, f.handle()), "MPI_Win_lock");
}

/** `MPI_Win_unlock`: ends the epoch `lock` opened on `rank`. */
export function unlock(f: WinFacts, rank: unknown): void {
  const r = rankArg(f, rank, "MPI_Win_unlock");
  check(lib.MPI_Win_unlock(r, f.handle()), "MPI_Win_unlock");
  completed(f, r);
}

/** `MPI_Win_lock_all`: a shared passive-target epoch to every process. */
export function lockAll(f: WinFacts, assertion: unknown): void {
  const a = assertionArg(assertion);
  check(lib.MPI_Win_lock_all(a, f.handle()), "MPI_Win_lock_all");
}

/** `MPI_Win_unlock_all`: ends the epoch `lockAll` opened. */
export function unlockAll(f: WinFacts): void {
  check(lib.MPI_Win_unlock_all(f.handle()), "MPI_Win_unlock_all");
  completedAll(f);
}

/** `MPI_Win_flush`: completes every operation to `rank`, at origin and target. */
export function flush(f: WinFacts, rank: unknown): void {
  const r = rankArg(f, rank, "MPI_Win_flush");
  check(lib.MPI_Win_flush(r, f.handle()), "MPI_Win_flush");
  completed(f, r);
}

/** `MPI_Win_flush_all`: completes every operation, at origin and target. */
export function flushAll(f: WinFacts): void {
  check(lib.MPI_Win_flush_all(f.handle()), "MPI_Win_flush_all");
  completedAll(f);
}

/** `MPI_Win_flush_local`: completes operations to `rank` at the origin. */
export function flushLocal(f: WinFacts, rank: unknown): void {
  const r = rankArg(f, rank, "MPI_Win_flush_local");
  check(lib.MPI_Win_flush_local(r, f.handle()), "MPI_Win_flush_local");
  completed(f, r);
}

/** `MPI_Win_flush_local_all`: completes every operation at the origin. */
export function flushLocalAll(f: WinFacts): void {
  check(lib.MPI_Win_flush_local_all(f.handle()), "MPI_Win_flush_local_all");
  completedAll(f);
}

/** `MPI_Win_sync`: synchronizes the public and private copies of the window. */
export function sync(f: WinFacts): void {
  check(lib.MPI_Win_sync(f.handle()), "MPI_Win_sync");
}
