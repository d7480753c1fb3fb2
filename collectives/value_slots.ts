/**
 * Inline slots: how the blocking `allgather`, `alltoall` and `scatter` move
 * small values in one MPI call.
 *
 * Moving serialized values needs their byte counts before their bytes, so
 * the plain way is two collectives: the counts, then a vector collective of
 * the bytes (mpi4py does so). Here the first call can instead move a
 * fixed-size slot per peer: the message's size, a flag, and the message's
 * first bytes. A message that fits its slot has arrived whole; only the
 * rest of longer ones follows, in a vector collective. A record, a number
 * or a short string then costs one collective instead of two: 0.3–1.5 µs
 * less on 2 ranks, 2–3 µs less for `alltoall` on MPICH.
 *
 * Longer messages pay for the slot (a larger first call, their first bytes
 * joined with their rest): 2–20% more. So a communicator uses slots while
 * its messages fit, and counts again after a call where one did not, until
 * a call where all fit again; `allgather`, `alltoall` and `scatter` each
 * keep their own choice. Every rank must make the same choice, so it is
 * made only from what every rank sees: in `allgather` every size; in
 * `alltoall` every sender's flag (in its slots, or its counts sent negative
 * as `flagSizes` says), set when any of its messages is longer than a slot;
 * in `scatter` the root's, which has seen every message. `gather` always
 * sends counts, as only its root sees the sizes, and so do
 * intercommunicators, whose groups see only each other's flags.
 *
 * The slot size is the same on every rank: 256 bytes, less from 256 ranks
 * on (64 KiB of slots per call and rank at most, never under 64 bytes).
 *
 * @module
 */
import { deserialize } from "../core/pickle.ts";
import type { Comm } from "../comm/comm.ts";
import { type Packing, RECEIVED_VIEWS } from "./value_layout.ts";

/** Bytes before a slot's message: its size and flags (two `int32`). */
const SLOT_HEAD = 8;
/** Largest slot, bytes. */
const SLOT_MAX = 256;
/** Smallest slot, bytes. */
const SLOT_MIN = 64;
/** Slots a rank sends or receives in one call take at most this many bytes in all, unless `SLOT_MIN` ones exceed it. */
const SLOTS_BUDGET = 64 << 10;
/** Flag: the slot's sender has some message longer than its slot. */
const LONGER = 1;

/**
 * Slot size on a communicator of `ranks` ranks: a multiple of 8, so every
 * message in a slot starts 8-byte aligned, as the decoder needs.
 *
 * @example
 * ```ts
 * slotSize(2); // 256
 * slotSize(1024); // 64
 * ```
 */
export function slotSize(ranks: number): number {
  const share = Math.floor(SLOTS_BUDGET / ranks) & ~7;
  return Math.max(SLOT_MIN, Math.min(SLOT_MAX, share));
}

/**
 * Slots of one side of an exchange, and for messages longer than their
 * slot the counts and displacements of their rest (the vector
 * collective's arguments). Kept between calls, like `Packing`.
 *
 * @example Two messages, one too long for its slot
 * ```ts
 * const s = new Slots();
 * s.room(2, 64);
 * s.put(0, new Uint8Array(16)); // false: fits
 * s.put(1, new Uint8Array(100)); // true: 44 bytes follow in the second call
 * ```
 */
export class Slots {
  /** The slots, `size` bytes each. */
  bytes = new Uint8Array(SLOT_MAX);
  /** `bytes` as `int32`: slot i's size at word `i * size / 4`, its flags next. */
  private words = new Int32Array(this.bytes.buffer);
  /** Slot size of the current exchange. */
  size = SLOT_MAX;
  /** Bytes of each message past its slot (0 when it fits). */
  restCounts = new Int32Array(1);
  /** Where each message's rest starts in the packed messages. */
  restDispls = new Int32Array(1);

  /** Makes room for `n` slots of `size` bytes and `n` counts. */
  room(n: number, size: number): void {
    this.size = size;
    if (this.bytes.byteLength < n * size) {
      this.bytes = new Uint8Array(
        Math.max(n * size, 2 * this.bytes.byteLength),
      );
      this.words = new Int32Array(this.bytes.buffer);
    }
    if (this.restCounts.length < n) {
      this.restCounts = new Int32Array(n);
      this.restDispls = new Int32Array(n);
    }
  }

  /** Bytes of a message a slot holds whole. */
  get inline(): number {
    return this.size - SLOT_HEAD;
  }

  /**
   * Writes slot `i` for `message`, which starts at `displ` in the packed
   * messages: its size and its first bytes, and its rest's count and
   * displacement. Returns whether it is longer than a slot.
   */
  put(i: number, message: Uint8Array, displ = 0): boolean {
    const at = i * this.size, n = message.byteLength, fit = this.inline;
    this.words[at >> 2] = n;
    this.words[(at >> 2) + 1] = 0;
    this.bytes.set(
      n <= fit ? message : message.subarray(0, fit),
      at + SLOT_HEAD,
    );
    const longer = n > fit;
    this.restCounts[i] = longer ? n - fit : 0;
    this.restDispls[i] = displ + (longer ? fit : 0);
    return longer;
  }

  /** Sets the `LONGER` flag on the first `n` slots. */
  flagLonger(n: number): void {
    for (let i = 0; i < n; i++) this.words[((i * this.size) >> 2) + 1] = LONGER;
  }

  /** Whether any of the first `n` slots carries the `LONGER` flag. */
  anyLonger(n: number): boolean {
    for (let i = 0; i < n; i++) {
      if (this.words[((i * this.size) >> 2) + 1] & LONGER) return true;
    }
    return false;
  }

  /** Size of the message in slot `i`. */
  messageSize(i: number): number {
    return this.words[(i * this.size) >> 2];
  }

  /**
   * Lays out where the first `n` received messages go whole in `into`
   * (sizes from their slots) and where their rests land: returns the
   * memory the rests go to, with `restCounts` and `restDispls` relative to
   * it. It starts where the first rest does, so the first displacement is
   * 0: MPICH 4.0's `MPI_Allgatherv` on one rank ignores the displacement.
   */
  layoutRests(n: number, into: Packing): Uint8Array {
    const sizes = into.peers(n), fit = this.inline;
    for (let i = 0; i < n; i++) sizes[i] = this.messageSize(i);
    const bytes = into.layout(n);
    const base = into.displs[0] + (sizes[0] > fit ? fit : 0);
    for (let i = 0; i < n; i++) {
      const longer = sizes[i] > fit;
      this.restCounts[i] = longer ? sizes[i] - fit : 0;
      this.restDispls[i] = into.displs[i] + (longer ? fit : 0) - base;
    }
    return base === 0 ? bytes : bytes.subarray(base);
  }

  /**
   * Decodes the first `n` received messages: from their slot when they fit,
   * else joined in `rests` (laid out by `layoutRests`, rests received) with
   * their slot's bytes. Copies: no value views the scratch.
   */
  unpack(n: number, rests: Packing | null): unknown[] {
    const out = new Array(n), fit = this.inline, buf = this.bytes.buffer;
    for (let i = 0; i < n; i++) {
      const at = i * this.size, size = this.messageSize(i);
      if (size <= fit) {
        out[i] = deserialize(new Uint8Array(buf, at + SLOT_HEAD, size), true);
        continue;
      }
      // Joined first: the longer messages may share one copy (`SharedViews`).
      new Uint8Array(rests!.bytes.buffer, rests!.displs[i], fit)
        .set(new Uint8Array(buf, at + SLOT_HEAD, fit));
    }
    if (rests === null) return out;
    // A message that fits has no rest; its count in `rests` is below any
    // message with large TypedArrays, so `share` passes it by.
    const { bytes, counts, displs } = rests;
    RECEIVED_VIEWS.share(bytes, counts, displs, n, false);
    for (let i = 0; i < n; i++) {
      if (this.messageSize(i) > fit) {
        out[i] = RECEIVED_VIEWS.decode(bytes, counts, displs, i);
      }
    }
    RECEIVED_VIEWS.done();
    return out;
  }
}

/**
 * Slots this rank sends and receives in blocking collectives (one call at a
 * time).
 *
 * @example
 * ```ts
 * SEND_SLOTS.room(1, slotSize(4));
 * SEND_SLOTS.put(0, new Uint8Array(24)); // false: 24 bytes fit a 256-byte slot
 * ```
 */
export const SEND_SLOTS: Slots = new Slots(), RECV_SLOTS: Slots = new Slots();

/**
 * The collectives that choose between slots and counts (bits of one number
 * per communicator).
 *
 * @example
 * ```ts
 * const all = ALLGATHER | ALLTOALL | SCATTER; // 7: one bit each
 * ```
 */
export const ALLGATHER = 1, ALLTOALL = 2, SCATTER = 4;

/** Per communicator, the collectives whose last call had a message longer than a slot. */
const counting = new WeakMap<Comm, number>();

/**
 * Whether `op`'s next call on `comm` uses slots: on an intracommunicator,
 * unless its last call had a message longer than a slot.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * slotsFor(mpi.COMM_WORLD, ALLGATHER); // true until a long message
 * ```
 */
export function slotsFor(comm: Comm, op: number): boolean {
  return !comm.isInter && ((counting.get(comm) ?? 0) & op) === 0;
}

/**
 * Records whether `op`'s call on `comm` had a message longer than a slot
 * (as every rank saw).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * remember(mpi.COMM_WORLD, ALLGATHER, true);
 * slotsFor(mpi.COMM_WORLD, ALLGATHER); // false: the next allgather sends counts
 * ```
 */
export function remember(comm: Comm, op: number, longer: boolean): void {
  const was = counting.get(comm) ?? 0, now = longer ? was | op : was & ~op;
  if (now !== was) counting.set(comm, now);
}

/**
 * Whether any of the first `n` sizes is longer than a slot of `slot` bytes
 * holds.
 *
 * @example
 * ```ts
 * anyOver(new Float64Array([16, 300]), 2, 256); // true: 300 > 248
 * ```
 */
export function anyOver(sizes: Float64Array, n: number, slot: number): boolean {
  for (let i = 0; i < n; i++) if (sizes[i] > slot - SLOT_HEAD) return true;
  return false;
}

/**
 * Counts as a sender sends them when it has a message longer than a slot
 * of `slot` bytes: each size negative, `-size - 1`, so that its
 * receivers learn it. Sizes travel as doubles, exact to 2^53.
 *
 * @example
 * ```ts
 * const sizes = new Float64Array([16, 300]);
 * flagSizes(sizes, 2, 256); // sizes: [-17, -301]
 * unflag(sizes, 2); // true; sizes: [16, 300]
 * ```
 */
export function flagSizes(sizes: Float64Array, n: number, slot: number): void {
  if (!anyOver(sizes, n, slot)) return;
  for (let i = 0; i < n; i++) sizes[i] = -sizes[i] - 1;
}

/**
 * Restores the first `n` received sizes; returns whether any was flagged.
 *
 * @example
 * ```ts
 * const sizes = new Float64Array([-17, 8]);
 * unflag(sizes, 2); // true; sizes: [16, 8]
 * ```
 */
export function unflag(sizes: Float64Array, n: number): boolean {
  let flagged = false;
  for (let i = 0; i < n; i++) {
    if (sizes[i] < 0) {
      sizes[i] = -sizes[i] - 1;
      flagged = true;
    }
  }
  return flagged;
}
