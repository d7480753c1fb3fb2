/**
 * Checks of the ranks, roots and tags that communicator calls take, each
 * naming the argument in its error. Ranks are checked against the group a
 * call addresses: the remote group of an intercommunicator.
 *
 * @module
 */
import { C } from "../ffi/lib.ts";
import { describe, int, mpiError } from "./errors.ts";
import type { Comm } from "../comm/comm.ts";

function rankError(
  call: string,
  name: string,
  value: unknown,
  peers: number,
): Error {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return new TypeError(
      `${name} must be an integer rank, got ${describe(value)}`,
    );
  }
  return mpiError(
    C.ERR_RANK,
    call,
    `${name} ${value} is not a rank of this communicator (0..${
      peers - 1
    }, or PROC_NULL)`,
  );
}

function tagError(call: string, name: string, value: unknown): Error {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return new TypeError(`${name} must be an integer, got ${describe(value)}`);
  }
  return mpiError(C.ERR_TAG, call, `${name} must be ≥ 0, got ${value}`);
}

/** A destination rank (also `PROC_NULL`). */
export function destRank(
  comm: Comm,
  d: number,
  call: string,
  name = "dest",
): number {
  const peers = comm.peerCount;
  if ((d | 0) === d && ((d >= 0 && d < peers) || d === C.PROC_NULL)) {
    return d | 0;
  }
  throw rankError(call, name, d, peers);
}

/** A source rank (also `ANY_SOURCE` and `PROC_NULL`). */
export function sourceRank(
  comm: Comm,
  s: number,
  call: string,
  name = "source",
): number {
  const peers = comm.peerCount;
  if (
    (s | 0) === s &&
    ((s >= 0 && s < peers) || s === C.ANY_SOURCE || s === C.PROC_NULL)
  ) {
    return s | 0;
  }
  throw rankError(call, name, s, peers);
}

/** A send tag. */
export function sendTag(t: number, call: string, name = "tag"): number {
  if ((t | 0) === t && t >= 0) return t | 0;
  throw tagError(call, name, t);
}

/** A receive tag (also `ANY_TAG`). */
export function recvTag(t: number, call: string, name = "tag"): number {
  if ((t | 0) === t && (t >= 0 || t === C.ANY_TAG)) return t | 0;
  throw tagError(call, name, t);
}

/** A collective's root (also `ROOT`/`PROC_NULL` on intercommunicators). */
export function rootRank(comm: Comm, root: number, call: string): number {
  const r = int(root, "root");
  const peers = comm.peerCount;
  if ((r >= 0 && r < peers) || r === C.ROOT || r === C.PROC_NULL) return r;
  throw mpiError(
    C.ERR_ROOT,
    call,
    `root ${r} is not a rank of this communicator (0..${peers - 1})`,
  );
}

/**
 * Whether a checked `root` names this process: its rank on an
 * intracommunicator, `ROOT` on an intercommunicator.
 */
export function isRoot(comm: Comm, root: number): boolean {
  return comm.isInter ? root === C.ROOT : root === comm.rank;
}

/** A rank of `comm`'s own group, for calls that name one (e.g. leaders). */
export function localRank(
  comm: Comm,
  value: number,
  name: string,
  call: string,
): number {
  const r = int(value, name);
  if (r >= 0 && r < comm.size) return r;
  throw mpiError(
    C.ERR_RANK,
    call,
    `${name} ${r} is not a rank of the communicator (0..${comm.size - 1})`,
  );
}
