/**
 * Received memory of a value collective's results.
 *
 * A received large TypedArray needs memory of its own, and V8 charges about
 * 3.5 µs for a fresh 16 KiB `ArrayBuffer` (its allocator shares a lock with
 * the collector's background sweeper) where C's `malloc` takes 0.1 µs. An
 * `allgather` of one such array per rank would pay that once per rank. So
 * the messages of one call that hold large TypedArrays are decoded from one
 * fresh copy of the span they take (or from the call's own receive buffer,
 * when nothing else uses it), and their arrays view it: one allocation per
 * call. The arrays each view bytes of their own; their `.buffer` is shared
 * with the other values of that call (as a Node `Buffer` shares its pool),
 * and only while the span is at most `SHARED_MAX` bytes, so keeping one
 * array keeps at most that much alive.
 *
 * @module
 */
import { deserialize, holdsViews } from "../core/pickle.ts";
import { freshBuffer } from "../core/spare.ts";

/** The values of one call share memory up to this span of messages; beyond it, each value has its own. */
export const SHARED_MAX = 1 << 20;

const NONE = new Uint8Array(0);

/**
 * Decodes the messages a collective received, laid out at `displs` with
 * `counts` bytes in one buffer: `share` once, then `decode` each.
 *
 * @example Two messages, decoded as copies (neither holds large arrays)
 * ```ts
 * import { encode, writeMessage } from "../core/codec.ts";
 * const e = encode({ a: 1 });
 * const buf = new Uint8Array(64), counts = new Int32Array([e.byteLength, e.byteLength]);
 * const displs = new Int32Array([0, 32]);
 * writeMessage(e, buf.subarray(0, e.byteLength));
 * writeMessage(e, buf.subarray(32, 32 + e.byteLength));
 * const views = new SharedViews();
 * views.share(buf, counts, displs, 2, false);
 * const values = [views.decode(buf, counts, displs, 0), views.decode(buf, counts, displs, 1)];
 * views.done();
 * ```
 */
export class SharedViews {
  /** Memory the span's messages are decoded from (`NONE`: no span). */
  #memory: Uint8Array = NONE;
  /** Byte offsets, in the receive buffer, of the span's start and end. */
  #from = 0;
  #to = 0;

  /**
   * Finds the span of the first `n` messages from the first to the last
   * that holds large TypedArrays. When two or more do and the span is at
   * most `SHARED_MAX` bytes, they will be decoded from one fresh copy of
   * it, or from `buf` itself when `owned` (fresh for this call, referenced
   * by nothing else).
   */
  share(
    buf: Uint8Array,
    counts: Int32Array,
    displs: Int32Array,
    n: number,
    owned: boolean,
  ): void {
    let from = -1, to = 0, holding = 0;
    for (let i = 0; i < n; i++) {
      const at = displs[i], size = counts[i];
      if (!holdsViews(buf, at, size)) continue;
      if (from < 0) from = at;
      to = at + size;
      holding++;
    }
    this.#memory = NONE;
    if (holding < 2 || to - from > SHARED_MAX) return;
    this.#from = from;
    this.#to = to;
    if (owned) {
      this.#memory = buf.subarray(from, to);
      return;
    }
    const copy = new Uint8Array(freshBuffer(to - from));
    copy.set(buf.subarray(from, to));
    this.#memory = copy;
  }

  /** Message `i`'s value: its arrays view the shared span when it is in it, else memory of their own. */
  decode(
    buf: Uint8Array,
    counts: Int32Array,
    displs: Int32Array,
    i: number,
  ): unknown {
    const at = displs[i], size = counts[i], m = this.#memory;
    if (m !== NONE && at >= this.#from && at + size <= this.#to) {
      return deserialize(
        new Uint8Array(m.buffer, m.byteOffset + at - this.#from, size),
      );
    }
    return deserialize(
      new Uint8Array(buf.buffer, buf.byteOffset + at, size),
      true,
    );
  }

  /** Lets go of the span: the values hold it now. */
  done(): void {
    this.#memory = NONE;
  }
}
