// PLACEHOLDER (to be replaced by the fast codec): node:v8 only, no parts.
import { deserialize, serialize } from "node:v8";

export interface Encoded {
  head: Uint8Array;
  parts: Uint8Array[];
  byteLength: number;
}
export const ZERO_COPY_MIN = 65536;
export const OUT_OF_BAND_MIN = 8192;
export function encode(value: unknown): Encoded {
  let head: Uint8Array;
  try {
    head = serialize(value);
  } catch (e) {
    throw new TypeError(`value cannot be cloned: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return { head, parts: [], byteLength: head.byteLength };
}
export function decode(message: Uint8Array): unknown {
  return deserialize(message);
}
