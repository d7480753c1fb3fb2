/**
 * `Gatherv` with counts or displacements above 2^31 - 1 (C's `int`), in
 * all three forms (blocking, `Igatherv`, `Gatherv_init`). Each rank decides
 * from its own arguments (its send count; at the root, the counts and
 * displacements); both paths make one `Gatherv` collective, so a rank on
 * the large path matches ranks on the normal one.
 *
 * - Where the library has the MPI-4 `_c` forms (MPICH 4), the call is
 *   `MPI_Gatherv_c` (`MPI_Igatherv_c`, `MPI_Gatherv_init_c`) with counts
 *   and displacements as 64-bit integers.
 * - Elsewhere (Open MPI 4.1) the root moves its receive buffer's start to
 *   the first block (or to 2^31 - 1 elements before the last), so that
 *   every displacement fits an `int` again (negative ones included), and
 *   makes the ordinary call. This needs every single block to have at most
 *   2^31 - 1 elements (a block is one rank's count; a larger one needs the
 *   `_c` form) and the blocks to lie within 2^32 - 1 elements of each
 *   other; otherwise a `RangeError` names the argument, before MPI is
 *   called.
 *
 * @module
 */
import { has } from "../ffi/lib.ts";
import { bytesFrom, INT_MAX } from "../core/large.ts";
import type { Comm } from "../comm/comm.ts";
import type { CollectiveCall } from "./call.ts";
import type { SendSide, WideVector } from "./vector.ts";

/** The widest spread of displacements a C `int` can express (with negatives). */
const INT_SPAN = 2 ** 32 - 1;

/**
 * `MPI_Gatherv` for a rank whose send count, or (at the root) whose counts
 * or displacements, exceed `INT_MAX`; `recv` is the root's receive side.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * // Reached through Comm.Gatherv: a root buffer of more than 2^31 bytes,
 * // the second rank's block starting beyond 2^31 - 1.
 * const comm = mpi.COMM_WORLD;
 * const block = new Uint8Array(8).fill(comm.rank + 1);
 * const recv = comm.rank === 0 ? new Uint8Array(2 ** 31 + 8) : null;
 * comm.Gatherv(block, recv && [recv, [[8, 8], [0, 2 ** 31]]], 0);
 * ```
 */
export function largeGathervCall(
  comm: Comm,
  send: SendSide,
  recv: WideVector | undefined,
  root: number,
  inPlace: boolean,
): CollectiveCall {
  return has("MPI_Gatherv_c")
    ? countCall(comm, send, recv, root, inPlace)
    : rebasedCall(send, recv, root, inPlace, comm);
}

/** `MPI_Gatherv_c`: counts and displacements as 64-bit integers. */
function countCall(
  comm: Comm,
  send: SendSide,
  recv: WideVector | undefined,
  root: number,
  inPlace: boolean,
): CollectiveCall {
  const counts = BigInt64Array.from(recv?.counts ?? [], BigInt);
  const displs = BigInt64Array.from(recv?.displs ?? [], BigInt);
  return {
    name: "MPI_Gatherv_c",
    comm: comm.handle,
    args: [
      send.buf,
      send.count,
      send.type,
      recv?.buf ?? null,
      counts,
      displs,
      recv?.datatype.handle ?? send.type,
      root,
    ],
    inPlaceAt: inPlace ? 0 : undefined,
    keep: [send.buf, recv?.owner, counts, displs],
  };
}

/**
 * `MPI_Gatherv` with the root's buffer start moved so every displacement
 * fits an `int` (see the module documentation).
 */
function rebasedCall(
  send: SendSide,
  recv: WideVector | undefined,
  root: number,
  inPlace: boolean,
  comm: Comm,
): CollectiveCall {
  if (send.count > INT_MAX) throw noCForm("sendbuf", send.count);
  if (recv === undefined) throw new Error("unreachable: small non-root");
  let lo = Infinity, hi = -Infinity;
  recv.counts.forEach((c, i) => {
    if (c > INT_MAX) throw noCForm(`recvbuf counts[${i}]`, c);
    if (c > 0) {
      lo = Math.min(lo, recv.displs[i]);
      hi = Math.max(hi, recv.displs[i]);
    }
  });
  if (hi - lo > INT_SPAN) {
    throw new RangeError(
      `recvbuf displs: the blocks spread over ${
        hi - lo
      } elements; without MPI_Gatherv_c (MPI-4), which the loaded MPI library lacks, they must lie within 2^32 - 1 elements of each other`,
    );
  }
  // no block at all (every count 0): nothing moves
  const base = lo === Infinity ? 0 : hi - lo <= INT_MAX ? lo : hi - INT_MAX;
  const counts = Int32Array.from(recv.counts);
  const displs = Int32Array.from(
    recv.displs,
    (d, i) => recv.counts[i] > 0 ? d - base : 0,
  );
  const buf = bytesFrom(recv.buf, base * recv.datatype.extent);
  return {
    name: "MPI_Gatherv",
    comm: comm.handle,
    args: [
      send.buf,
      send.count,
      send.type,
      buf,
      counts,
      displs,
      recv.datatype.handle,
      root,
    ],
    inPlaceAt: inPlace ? 0 : undefined,
    keep: [send.buf, recv.owner, counts, displs],
  };
}

/** The error for one block above `INT_MAX` where MPI has no `_c` form. */
function noCForm(what: string, value: number): RangeError {
  return new RangeError(
    `${what}: ${value} elements exceed 2^31 - 1 in one Gatherv block, which needs MPI_Gatherv_c (MPI-4); the loaded MPI library lacks it`,
  );
}
