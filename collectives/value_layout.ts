/**
 * Byte layouts of serialized values packed into one buffer for the vector
 * collectives: counts, 8-byte-aligned displacements (the codec reads
 * aligned messages) and the unpacking back into values.
 *
 * Blocking value collectives reuse one `Packing` per direction: a fresh
 * ArrayBuffer costs V8 1–5 µs once the collector's share is counted (more
 * than the whole exchange of a small record), so sizes, counts,
 * displacements and bytes live in memory kept between calls. Nonblocking
 * forms keep their own, as MPI holds it until they complete.
 *
 * @module
 */
import { serialize } from "../core/pickle.ts";
import { pooled, POOLED_MAX, SHARED_MAX, SharedViews } from "./value_memory.ts";
import { freshBuffer } from "../core/spare.ts";
import { rc } from "../rc.ts";
import {
  align8,
  bytesOf,
  type Encoded,
  OUT_OF_BAND_MIN,
  writeMessage,
} from "../core/codec.ts";

const INT_MAX = 0x7fffffff;

/** Byte buffers up to this size are kept for the next call; larger ones are dropped after it. */
const KEEP_MAX = 1 << 20;

function tooLarge(total: number): never {
  throw new RangeError(
    `value collective: ${total} bytes in one buffer exceed what one MPI call can address; send the largest values with send/recv or bcast`,
  );
}

/** Byte counts and 8-aligned displacements of serialized pieces (the nonblocking forms' own). */
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
  if (total > INT_MAX) tooLarge(total);
  return { counts, displs, total };
}

/**
 * One side of a blocking vector exchange: per-peer `sizes` (doubles, as
 * exchanged), the `counts` and `displs` MPI reads, and the `bytes` they
 * lay out. Arrays may be longer than the peer count; MPI reads only the
 * peers' entries.
 *
 * @example Pack two values and read them back
 * ```ts
 * const p = new Packing();
 * p.pack([{ a: 1 }, "two"]); // bytes, counts and displs of both messages
 * const [a, b] = p.unpack(2); // { a: 1 }, "two"
 * ```
 */
export class Packing {
  /** Byte size of each peer's message. */
  sizes = new Float64Array(1);
  /** `sizes` as MPI counts. */
  counts = new Int32Array(1);
  /** 8-aligned byte displacements. */
  displs = new Int32Array(1);
  /** The packed messages. */
  bytes = new Uint8Array(64);

  /** Makes room for `n` peers; returns `sizes`. */
  peers(n: number): Float64Array {
    if (this.sizes.length < n) {
      this.sizes = new Float64Array(n);
      this.counts = new Int32Array(n);
      this.displs = new Int32Array(n);
    }
    return this.sizes;
  }

  /** Lays out the first `n` sizes and makes `bytes` hold them; returns `bytes`. */
  layout(n: number): Uint8Array {
    this.room(this.place(n), 0);
    return this.bytes;
  }

  /**
   * Lays out the first `n` sizes in memory the received values may view,
   * to be passed to `unpack`: cut from the pool when they fit one cut,
   * else fresh when `views` (this call's messages most likely hold large
   * TypedArrays) and they fit `SHARED_MAX`, else `bytes`. MPI then receives
   * straight into the memory the arrays keep, with no copy out of scratch.
   * Messages under `OUT_OF_BAND_MIN` bytes in all hold no large array:
   * they stay in `bytes`, with no view made per call.
   */
  layoutOwned(n: number, views: boolean): Uint8Array {
    const total = this.place(n);
    if (rc.valuePool && total >= OUT_OF_BAND_MIN && total <= POOLED_MAX) {
      return pooled(total);
    }
    if (views && total <= SHARED_MAX) return new Uint8Array(freshBuffer(total));
    this.room(total, 0);
    return this.bytes;
  }

  /** Fills `counts` and 8-aligned `displs` from the first `n` sizes; returns the bytes they span. */
  private place(n: number): number {
    const { sizes, counts, displs } = this;
    let total = 0;
    for (let i = 0; i < n; i++) {
      displs[i] = total;
      counts[i] = sizes[i];
      total = align8(total + sizes[i]);
    }
    if (total > INT_MAX) tooLarge(total);
    return total;
  }

  /**
   * Serializes `objs` one after the other into `bytes` (each at an 8-byte
   * boundary), filling `sizes`, `counts` and `displs`; returns `bytes`.
   * Message `skip`, if any, is left out (size and count 0).
   */
  pack(objs: readonly unknown[], skip = -1): Uint8Array {
    const n = objs.length;
    this.peers(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (i === skip) {
        this.sizes[i] = this.counts[i] = 0;
        this.displs[i] = total;
        continue;
      }
      const e = serialize(objs[i]);
      // The encoder's memory is reused by the next value: copy it now.
      this.room(total + e.byteLength, total);
      writeMessage(e, new Uint8Array(this.bytes.buffer, total, e.byteLength));
      this.sizes[i] = this.counts[i] = e.byteLength;
      this.displs[i] = total;
      total = align8(total + e.byteLength);
      if (total > INT_MAX) tooLarge(total);
    }
    return this.bytes;
  }

  /**
   * Packs every message of `objs` but `self`'s (see `pack`), then
   * serializes that one last and returns it (valid until the next
   * encode), its size in `sizes[self]` and its count 0: the caller writes
   * it in its place of what it receives (`placeOwn`) and MPI moves none
   * of it.
   */
  packOthers(objs: readonly unknown[], self: number): Encoded {
    this.pack(objs, self);
    const own = serialize(objs[self]);
    this.sizes[self] = own.byteLength;
    return own;
  }

  /**
   * One value's message: the encoder's own memory when it is one piece
   * (valid until the next encode), else packed into `bytes`.
   */
  one(obj: unknown): Uint8Array {
    return this.message(serialize(obj));
  }

  /** `e` as one message: its head when it is one piece, else packed into `bytes`. */
  message(e: Encoded): Uint8Array {
    if (e.parts.length === 0) return e.head;
    if (e.byteLength > INT_MAX) tooLarge(e.byteLength);
    this.room(e.byteLength, 0);
    return writeMessage(e, new Uint8Array(this.bytes.buffer, 0, e.byteLength));
  }

  /**
   * Decodes the first `n` messages laid out in `bytes`, or in `from`, the
   * call's own memory that `layoutOwned` gave. Nothing views the scratch:
   * large TypedArrays view a copy of their span, or `from` itself
   * (`SharedViews`); everything else is copied.
   */
  unpack(n: number, from: Uint8Array = this.bytes): unknown[] {
    const out = new Array(n), { counts, displs } = this;
    RECEIVED_VIEWS.share(from, counts, displs, n, from !== this.bytes);
    for (let i = 0; i < n; i++) {
      out[i] = RECEIVED_VIEWS.decode(from, counts, displs, i);
    }
    RECEIVED_VIEWS.done();
    this.shrink();
    return out;
  }

  /** Grows `bytes` to `size`, keeping its first `keep` bytes. */
  private room(size: number, keep: number): void {
    if (this.bytes.byteLength >= size) return;
    const bigger = new Uint8Array(Math.max(size, 2 * this.bytes.byteLength));
    if (keep) bigger.set(new Uint8Array(this.bytes.buffer, 0, keep));
    this.bytes = bigger;
  }

  /** Drops a buffer grown beyond `KEEP_MAX`, so one large call does not pin its memory. */
  shrink(): void {
    if (this.bytes.byteLength > KEEP_MAX) this.bytes = new Uint8Array(64);
  }
}

/**
 * Sends `objs[i]` to peer i and returns one value per incoming peer: the
 * byte sizes travel first (`sizes`, one double each), then the bytes
 * (`bytes`, an all-to-all-v of `MPI_BYTE`). Serves `alltoall` and
 * `neighbor_alltoall`. `self`, when this rank is peer `self` of its own
 * (an intracommunicator's `alltoall`), names the message this rank writes
 * straight into its place in what it receives, and MPI moves none of it:
 * saving the copy into `SENT` and MPI's own copy out of it.
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
  self = -1,
): unknown[] {
  const s = SENT, r = RECEIVED;
  const own = self < 0 ? null : s.packOthers(objs, self);
  const sendbuf = own ? s.bytes : s.pack(objs);
  sizes(s.sizes, r.peers(incoming));
  const recvbuf = r.layoutOwned(incoming, false);
  let kept = 0;
  if (own) {
    placeOwn(recvbuf, own, self);
    kept = r.counts[self];
    r.counts[self] = 0;
  }
  bytes(sendbuf, s.counts, s.displs, recvbuf, r.counts, r.displs);
  if (own) r.counts[self] = kept;
  s.shrink();
  return r.unpack(incoming, recvbuf);
}

/**
 * Writes `own`, this rank's message, in its place `self` of `buf` as
 * `RECEIVED` laid it out, where MPI would have put it (saving the copy
 * into `SENT` and MPI's copy out of it); returns `buf`.
 *
 * @example
 * ```ts
 * import { encode } from "../core/codec.ts";
 * const own = encode("mine");
 * RECEIVED.peers(1)[0] = own.byteLength;
 * const buf = placeOwn(RECEIVED.layout(1), own, 0);
 * RECEIVED.unpack(1, buf); // ["mine"]
 * ```
 */
export function placeOwn(
  buf: Uint8Array,
  own: Encoded,
  self: number,
): Uint8Array {
  const at = RECEIVED.displs[self];
  writeMessage(own, bytesOf(buf, at, at + own.byteLength));
  return buf;
}

/**
 * Scratch of blocking collectives: what this rank sends, and what it
 * receives (never used by two calls at once: JavaScript runs one at a time).
 *
 * @example
 * ```ts
 * const message = SENT.one({ step: 3 }); // this rank's message for a gather
 * ```
 */
export const SENT: Packing = new Packing(), RECEIVED: Packing = new Packing();

/**
 * Decoder of the blocking collectives' received messages (one call at a
 * time).
 *
 * @example
 * ```ts
 * RECEIVED.layout(0);
 * RECEIVED_VIEWS.share(RECEIVED.bytes, RECEIVED.counts, RECEIVED.displs, 0, false);
 * RECEIVED_VIEWS.done();
 * ```
 */
export const RECEIVED_VIEWS: SharedViews = new SharedViews();

/**
 * Decodes the serialized values packed in `buf`, a nonblocking call's own
 * receive buffer: the large TypedArrays of several values view it
 * (`SharedViews`), everything else is copied.
 */
export function pieces(
  buf: Uint8Array,
  counts: Int32Array,
  displs: Int32Array,
): unknown[] {
  const views = new SharedViews(), n = counts.length;
  views.share(buf, counts, displs, n, true);
  return Array.from(counts, (_, i) => views.decode(buf, counts, displs, i));
}
