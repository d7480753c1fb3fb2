/**
 * Counts above 2^31 - 1 (C's `int`): the few facts the large-count paths
 * share. Where the library has the MPI-4 `_c` calls (MPICH 4) they take the
 * count as an `MPI_Count`; where it does not (Open MPI 4.1), a message is
 * described by one element of a derived datatype (chunks of 2^30 elements
 * plus a remainder), and a collective runs in chunks of at most 2^30
 * elements. Only counts above `INT_MAX` take these paths.
 *
 * @module
 */
import type { Memory } from "../ffi/lib.ts";
import { Datatype } from "./datatype.ts";

/** The largest count C's `int` holds. */
export const INT_MAX = 0x7fffffff;

/** Elements per chunk of the fallbacks. */
export const CHUNK = 2 ** 30;

/**
 * A committed datatype of `count` elements of `type` (count > `INT_MAX`):
 * `contiguous(count / CHUNK)` of a `CHUNK`-element contiguous type, plus a
 * struct entry for the remainder. Its type signature is `count` elements of
 * `type`, so it matches a receive or send of the same elements described
 * any other way. The caller frees it.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * // One element of this type is 2^31 + 5 bytes: what Send uses for such a count.
 * using t = largeType(mpi.UINT8_T, 2 ** 31 + 5);
 * console.log(t.size); // 2147483653
 * ```
 */
export function largeType(type: Datatype, count: number): Datatype {
  const q = Math.floor(count / CHUNK), r = count - q * CHUNK;
  const chunk = type.Create_contiguous(CHUNK);
  try {
    const whole = r === 0 ? chunk.Create_contiguous(q) : Datatype.Create_struct(
      [q, r],
      [0, q * CHUNK * type.extent],
      [chunk, type],
    );
    return whole.Commit();
  } finally {
    chunk.Free();
  }
}

/** Bytes `offset` onwards of `buf` (a chunk's start for a C call). */
export function bytesFrom(buf: Memory, offset: number): Uint8Array {
  if (buf === null) return new Uint8Array(0);
  if (ArrayBuffer.isView(buf)) {
    return new Uint8Array(
      buf.buffer,
      buf.byteOffset + offset,
      buf.byteLength - offset,
    );
  }
  return new Uint8Array(buf, offset);
}
