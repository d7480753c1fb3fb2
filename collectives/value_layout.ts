/**
 * Byte layouts of serialized values packed into one buffer for the vector
 * collectives: counts, 8-byte-aligned displacements (the codec reads
 * aligned messages) and the unpacking back into values.
 *
 * @module
 */
import { align8 } from "../core/codec.ts";
import { deserialize, serializeBytes } from "../core/pickle.ts";

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

/**
 * Sends `objs[i]` to peer i and returns one value per incoming peer: the
 * byte sizes travel first (`sizes`, one double each), then the bytes
 * (`bytes`, an all-to-all-v of `MPI_BYTE`). Serves `alltoall` and
 * `neighbor_alltoall`.
 */
export function exchangeValues(
  objs: readonly unknown[],
  incoming: number,
  sizes: (send: Float64Array, recv: Float64Array) => void,
  bytes: (
    send: Uint8Array,
    scounts: Int32Array,
    sdispls: Int32Array,
    recv: Uint8Array,
    rcounts: Int32Array,
    rdispls: Int32Array,
  ) => void,
): unknown[] {
  const all = objs.map(serializeBytes);
  const ssizes = Float64Array.from(all, (b) => b.byteLength);
  const rsizes = new Float64Array(incoming);
  sizes(ssizes, rsizes);
  const s = layoutOf(ssizes), r = layoutOf(rsizes);
  const sendbuf = new Uint8Array(s.total), recvbuf = new Uint8Array(r.total);
  all.forEach((b, i) => sendbuf.set(b, s.displs[i]));
  bytes(sendbuf, s.counts, s.displs, recvbuf, r.counts, r.displs);
  return pieces(recvbuf, r.counts, r.displs);
}

/** Decodes the serialized values packed in `buf` (copies: no value may view memory others share). */
export function pieces(
  buf: Uint8Array,
  counts: Int32Array,
  displs: Int32Array,
): unknown[] {
  return Array.from(
    counts,
    (n, i) => deserialize(buf.subarray(displs[i], displs[i] + n), true),
  );
}
