/**
 * `pickle`: how lowercase methods turn values into bytes. The default is
 * mpi4ts's structured-clone codec (`core/codec.ts`); assign `dumps` and
 * `loads` to use another format (JSON, MessagePack, ...), on every rank.
 *
 * @module
 */
import {
  carriesParts,
  decode,
  encode,
  type Encoded,
  writeMessage,
} from "./codec.ts";

/** A value serializer: `dumps` makes bytes, `loads` reads them back. */
export interface Pickle {
  /** Serializes a value. */
  dumps(value: unknown): Uint8Array;
  /** Deserializes bytes made by `dumps`. */
  loads(bytes: Uint8Array): unknown;
}

function defaultDumps(value: unknown): Uint8Array {
  const e = encode(value);
  return writeMessage(e, new Uint8Array(e.byteLength));
}

function defaultLoads(bytes: Uint8Array): unknown {
  // The codec expects 8-byte alignment of the message start.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  return decode(aligned);
}

/**
 * The serializer used by `send`, `recv`, `bcast`, ... Replace `dumps` and
 * `loads` together, identically on every rank.
 *
 * @example Use JSON for values
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * mpi.pickle.dumps = (v) => new TextEncoder().encode(JSON.stringify(v));
 * mpi.pickle.loads = (b) => JSON.parse(new TextDecoder().decode(b));
 * ```
 */
export const pickle: Pickle = { dumps: defaultDumps, loads: defaultLoads };

/** Serializes for the wire: the fast codec with out-of-band parts, or the user's `dumps`. */
export function serialize(value: unknown): Encoded {
  if (pickle.dumps === defaultDumps) return encode(value);
  const head = pickle.dumps(value);
  if (!(head instanceof Uint8Array)) {
    throw new TypeError("pickle.dumps must return a Uint8Array");
  }
  return { head, parts: [], byteLength: head.byteLength };
}

/**
 * Deserializes a received message (contiguous, 8-byte aligned). `shared`:
 * the message's memory holds other messages too, so no value may view it.
 */
export function deserialize(message: Uint8Array, shared = false): unknown {
  return pickle.loads === defaultLoads
    ? decode(message, !shared)
    : pickle.loads(message);
}

/**
 * Whether `e`, once written as a message and decoded, holds large
 * TypedArrays that would view its memory (`holdsViews` before it is
 * written).
 */
export function encodedViews(e: Encoded): boolean {
  return pickle.loads === defaultLoads && e.parts.length > 0;
}

/**
 * Whether the received message at `at` of `b` (`n` bytes) holds large
 * TypedArrays that the default codec would make views of its memory
 * (always false with a replaced `loads`, which sees only bytes).
 */
export function holdsViews(b: Uint8Array, at: number, n: number): boolean {
  return pickle.loads === defaultLoads && carriesParts(b, at, n);
}

/** Serializes into one contiguous, freshly allocated byte array. */
export function serializeBytes(value: unknown): Uint8Array {
  return pickle.dumps(value);
}
