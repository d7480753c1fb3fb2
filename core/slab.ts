/**
 * Small, long-lived typed arrays (request cells, statuses) cut from shared
 * slabs. A fresh ArrayBuffer costs a backing-store allocation (~0.3 µs for
 * a few bytes, measured) while a view into an existing one costs only the
 * view object; awaits and nonblocking calls make several per operation. A
 * slab stays alive while any of its views does (at most 4 KiB each).
 *
 * @module
 */

const SLAB_BYTES = 4096;
let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** `bytes` fresh zeroed bytes (rounded up to 8), 8-byte aligned. */
function take(bytes: number): [ArrayBuffer, number] {
  const size = (bytes + 7) & ~7;
  if (size > SLAB_BYTES) return [new ArrayBuffer(size), 0];
  if (used + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used += size;
  return [slab, at];
}

/**
 * A zeroed `Uint8Array` of `length` bytes from a slab.
 *
 * @example
 * ```ts
 * const status = slabBytes(24); // 24 bytes of a shared slab, never freed
 * ```
 */
export function slabBytes(length: number): Uint8Array {
  const [buf, at] = take(length);
  return new Uint8Array(buf, at, length);
}

/**
 * A zeroed `Int32Array` of `length` ints from a slab.
 *
 * @example
 * ```ts
 * const cell = slabInts(2); // an MPI_Request cell
 * ```
 */
export function slabInts(length: number): Int32Array {
  const [buf, at] = take(length * 4);
  return new Int32Array(buf, at, length);
}

/**
 * A zeroed `Float64Array` of `length` doubles from a slab.
 *
 * @example
 * ```ts
 * const counts = slabDoubles(4); // per-rank counts of one call
 * ```
 */
export function slabDoubles(length: number): Float64Array {
  const [buf, at] = take(length * 8);
  return new Float64Array(buf, at, length);
}
