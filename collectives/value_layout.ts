/**
 * Byte layouts of serialized values packed into one buffer for the vector
 * collectives: counts, 8-byte-aligned displacements (the codec reads
 * aligned messages) and the unpacking back into values.
 *
 * @module
 */
import { align8 } from "../core/codec.ts";
import { deserialize } from "../core/pickle.ts";

const INT_MAX = 0x7fffffff;

/** Byte counts and 8-aligned displacements of serialized pieces (exported for the nonblocking forms). */
export function layoutOf(
  sizes: Float64Array,
): { counts: Int32Array; displs: Int32Array; total: number } {
  const counts = new Int32Array(sizes.length),
    displs = new Int32Array(sizes.length);
  let total = 0;
  for (let i = 0; i < sizes.length; i++) {
    displs[i] = total;
    counts[i] = sizes[i];
    total = align8(total + sizes[i]);
  }
  if (total > INT_MAX) {
    throw new RangeError(
      `value collective: ${total} bytes in one buffer exceed what one MPI call can address; send the largest values with send/recv or bcast`,
    );
  }
  return { counts, displs, total };
}

export function pieces(
  buf: Uint8Array,
  counts: Int32Array,
  displs: Int32Array,
): unknown[] {
  return Array.from(
    counts,
    (n, i) => deserialize(buf.subarray(displs[i], displs[i] + n)),
  );
}
