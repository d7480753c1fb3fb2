/**
 * The TypedArray kinds the tests run through, written out here rather than
 * taken from the library so that a kind it forgets is a failure.
 *
 * @module
 */

/** The TypedArrays of JavaScript numbers (no clamping, no bigints). */
export const NUMBER_ARRAYS = [
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
] as const;

/** Every kind of ArrayBufferView a value may hold. */
export const VIEW_KINDS: readonly (new (
  buffer: ArrayBuffer,
) => ArrayBufferView)[] = [
  ...NUMBER_ARRAYS,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array,
  DataView,
];
