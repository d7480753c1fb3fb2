/**
 * Received memory of a value collective's results.
 *
 * A received large TypedArray needs memory of its own, and V8 charges 2–5
 * µs for a fresh `ArrayBuffer` of 1–32 KiB where C's `malloc` takes 0.1 µs:
 * `calloc` under a lock that V8's background sweeper takes too, to free the
 * last ones, on a core the other rank needs. A collective has no wait to
 * hide that in (as a blocking receive does, `core/spare.ts`), so the
 * messages of one call that hold large TypedArrays are decoded from one
 * span of memory, and their arrays view it:
 *
 * - up to `POOLED_MAX` bytes of messages are received straight into a cut
 *   of a pool slab (`POOL_SLAB` bytes) that later calls' cuts share, as
 *   Node's `Buffer`s share theirs: one allocation every few calls, and no
 *   copy out of scratch (a cut that no array views goes back to the pool);
 * - a larger span held by two or more messages is one fresh copy for the
 *   call (or the call's own receive buffer, when nothing else uses it);
 * - beyond `SHARED_MAX`, each value has memory of its own.
 *
 * The arrays each view bytes of their own; their `.buffer` is shared, so
 * keeping one array keeps at most its slab or span alive. Under Node a slab
 * is not zero-filled, as the pool of Node's `Buffer`s is not: the bytes no
 * array views may hold earlier memory of the process (which saved 0.9 µs of
 * a 16 KiB `gather` and 2.3 µs of an `allgather`, 2 ranks). `rc.valuePool =
 * false` keeps each call's values to memory of that call.
 *
 * @module
 */
import { deserialize, holdsViews } from "../core/pickle.ts";
import { freshBuffer } from "../core/spare.ts";
import { align8 } from "../core/codec.ts";
import { rc } from "../rc.ts";
import { backend } from "../ffi/runtime.ts";

/** The values of one call share memory up to this span of messages; beyond it, each value has its own. */
export const SHARED_MAX = 1 << 20;
/** Spans of up to this many bytes are cut from the pool. */
export const POOLED_MAX = 64 << 10;
/** Bytes of one pool slab: several calls' spans. */
export const POOL_SLAB = 256 << 10;

const NONE = new Uint8Array(0);

/** The pool's current slab, and the bytes of it already cut. */
let slab = new ArrayBuffer(0);
let cut = 0;

/**
 * `size` bytes (at most `POOLED_MAX`) of the pool, 8-byte aligned: the rest
 * of the current slab, or a fresh slab when it has no room (or was
 * transferred away, which leaves it empty). The bytes may hold what an
 * earlier cut received, or, where the runtime can skip zeroing a fresh
 * slab (Node), anything: the caller writes them.
 *
 * @example
 * ```ts
 * const into = pooled(32 << 10); // receive here, then decode views of it
 * unpool(into); // nothing viewed it: the next cut takes the same bytes
 * ```
 */
export function pooled(size: number): Uint8Array {
  const room = align8(size);
  if (cut + room > slab.byteLength) {
    slab = backend.unfilled(POOL_SLAB);
    cut = 0;
  }
  const at = cut;
  cut += room;
  return new Uint8Array(slab, at, size);
}

/**
 * Gives `bytes` back to the pool when they are its last cut (nothing
 * viewed them); anything else is left alone.
 *
 * @example
 * ```ts
 * unpool(new Uint8Array(8)); // not from the pool: nothing happens
 * ```
 */
export function unpool(bytes: Uint8Array): void {
  if (
    bytes.buffer === slab && bytes.byteOffset + align8(bytes.byteLength) === cut
  ) {
    cut = bytes.byteOffset;
  }
}

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
   * that holds large TypedArrays, and the memory they will be decoded
   * from: `buf` itself when `owned` (fresh or pooled for this call,
   * referenced by nothing else; given back to the pool when nothing will
   * view it) and the span is at most `SHARED_MAX` bytes; otherwise a
   * copy of the span, cut from the pool when it is at most `POOLED_MAX`
   * bytes, else fresh when two or more messages hold arrays and it is at
   * most `SHARED_MAX`. Otherwise each value is decoded on its own.
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
    const span = to - from;
    if (holding === 0 || span > SHARED_MAX) {
      if (owned) unpool(buf);
      return;
    }
    this.#from = from;
    this.#to = to;
    if (owned) {
      this.#memory = buf.subarray(from, to);
      return;
    }
    const pool = rc.valuePool && span <= POOLED_MAX;
    if (!pool && holding < 2) return;
    const copy = pool ? pooled(span) : new Uint8Array(freshBuffer(span));
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
