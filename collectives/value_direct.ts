/**
 * Value collectives over point-to-point messages, for small
 * intracommunicators. A value's size is only known once it is serialized,
 * so over MPI's collectives a call whose messages do not fit fixed-size
 * slots (`value_slots.ts`) is two calls: the byte counts, then the bytes.
 * Sent directly, each message is matched with `MPI_Mprobe`, which tells
 * its size, so one step does: each rank posts its sends (`MPI_Isend`),
 * then matches and receives one message from each sender. At a few
 * processes this is also how MPI's own algorithms move the data (linear
 * scatter, pairwise exchange), so no step is added.
 *
 * Measured, 2 ranks, 16 KiB per peer, in C: the counts and an
 * `MPI_Alltoallv` take Open MPI 6.8 µs and MPICH 11.3 µs; the messages
 * sent directly, 6.2 and 5.8 µs. Through this module, alternating with
 * the counted path in one process: on MPICH, 16 KiB `allgather` 0.92×,
 * `alltoall` 0.74×, `scatter` 0.94× the time, and two `Float64Array(1000)`
 * 0.87×, 0.70×, 0.81×; on Open MPI 0.94–1.03×, and 15.0 against 13.6 µs
 * for a 16 KiB `allgather` run alone. So the library's default
 * (`abi.directCollectives`) is on for MPICH only.
 *
 * Each message's tag says whether its sender had a message longer than a
 * slot in this call. Every rank hears from every sender (in `scatter`,
 * from the root, which sends them all), so all agree whether the next call
 * of the collective takes slots again (`remember`).
 *
 * The messages travel on the communicator's private duplicate
 * (`core/shadow.ts`), so they never meet the user's. Every rank calls the
 * blocking collectives in the same order, and messages from one rank to
 * another do not overtake each other, so the calls need no tags of their
 * own.
 *
 * @module
 */
import { abi, C, type Handle, lib } from "../ffi/lib.ts";
import { rc } from "../rc.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check } from "../core/errors.ts";
import { bytesOf, type Encoded } from "../core/codec.ts";
import { encodedViews } from "../core/pickle.ts";
import { beginValue } from "../core/spare.ts";
import {
  IGNORED,
  messageBytes,
  messageTag,
  STATUS_SIZE,
} from "../core/status.ts";
import { matchBlocking, receiveMatched } from "../core/wire.ts";
import { shadowOf } from "../core/shadow.ts";
import type { Comm } from "../comm/comm.ts";
import { placeOwn, RECEIVED, SENT } from "./value_layout.ts";
import { POOLED_MAX } from "./value_memory.ts";
import {
  ALLGATHER,
  ALLTOALL,
  anyOver,
  remember,
  SCATTER,
  slotSize,
} from "./value_slots.ts";

/** Tags: the sender's messages in this call all fit a slot, or one did not. */
const FIT = 0, LONGER = 1;
const status = new Uint8Array(STATUS_SIZE);
/** One request cell per pending send, kept between calls. */
const sends: Int32Array[] = [];
let pending = 0;
/** One `MPI_Message` cell per sender matched and not yet received. */
const matched: Uint8Array[] = [];
/** Whether a message `receiveAll` matched was tagged `LONGER`. */
let flagged = false;

/**
 * Whether `comm`'s value `allgather`, `alltoall` and `scatter` send
 * directly what does not fit slots (`rc.directCollectives`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * goesDirect(mpi.COMM_WORLD); // on MPICH, true on 2 to 4 processes
 * ```
 */
export function goesDirect(comm: Comm): boolean {
  const max = rc.directCollectives ?? abi.directCollectives;
  if (!Number.isInteger(max) || max < 0) {
    throw new RangeError(
      `rc.directCollectives (MPI4TS_DIRECT_COLLECTIVES) must be a whole number >= 0 or undefined, got ${
        String(max)
      }`,
    );
  }
  const n = comm.size;
  return !comm.isInter && n > 1 && n <= max;
}

/** Starts sending `bytes` to rank `to` of the duplicate `h`. */
function post(bytes: Uint8Array, to: number, tag: number, h: Handle): void {
  const cell = sends[pending] ??= new Int32Array(2);
  check(
    lib.MPI_Isend(
      bytes,
      bytes.byteLength,
      DATATYPES.BYTE.handle,
      to,
      tag,
      h,
      cell,
    ),
    "MPI_Isend",
  );
  pending++;
}

/** Waits for the sends `post` started: their memory is reused afterwards. */
function complete(): void {
  const n = pending;
  pending = 0;
  for (let i = 0; i < n; i++) {
    check(lib.MPI_Wait(sends[i], IGNORED.bytes), "MPI_Wait");
  }
}

/**
 * Receives one message from each rank but this one into `RECEIVED`, with
 * this rank's own message `own` written in its place, and decodes them as
 * the results of MPI's collectives are (`Packing.unpack`): every message
 * is matched first (`MPI_Mprobe`), which gives the sizes, then each is
 * received straight into its place (`MPI_Mrecv`). Sets `flagged` when a
 * sender flagged a message longer than a slot.
 */
function receiveAll(n: number, me: number, own: Encoded, h: Handle): unknown[] {
  const r = RECEIVED, sizes = r.peers(n);
  flagged = false;
  // The memory this call's values take is one received value's: while the
  // first message is awaited, the spares the last call's took are made.
  beginValue();
  for (let i = 1; i < n; i++) {
    const from = (me - i + n) % n, cell = matched[from] ??= new Uint8Array(8);
    matchBlocking(from, C.ANY_TAG, h, cell, status);
    sizes[from] = messageBytes(status);
    if (messageTag(status) === LONGER) flagged = true;
  }
  sizes[me] = own.byteLength;
  // The messages are received straight into memory their arrays may view
  // (pooled, or, when this rank's message holds large TypedArrays and the
  // others' most likely do too, made while the first message was awaited),
  // which saves the copy that shares them (`SharedViews`).
  const buf = r.layoutOwned(n, encodedViews(own));
  const { counts, displs } = r;
  for (let i = 1; i < n; i++) {
    const from = (me - i + n) % n, at = displs[from];
    check(
      lib.MPI_Mrecv(
        bytesOf(buf, at, at + counts[from]),
        counts[from],
        DATATYPES.BYTE.handle,
        matched[from],
        status,
      ),
      "MPI_Mrecv",
    );
  }
  return r.unpack(n, placeOwn(buf, own, me));
}

/**
 * Receives and decodes the matched message `cell` (its status in
 * `status`): up to `POOLED_MAX` bytes straight into a cut of the pool
 * that its arrays view, as the other collectives' messages are (a copy
 * out of scratch into fresh memory took a 16 KiB `scatter` on MPICH, 2
 * ranks, 10.3–13.3 µs a call, alternating with 9.4–10.8); larger ones as
 * a blocking receive does.
 */
function receiveOne(cell: Uint8Array): unknown {
  const size = messageBytes(status);
  if (size > POOLED_MAX) return receiveMatched(cell, status);
  const r = RECEIVED;
  r.peers(1)[0] = size;
  const buf = r.layoutOwned(1, false);
  check(
    lib.MPI_Mrecv(buf, size, DATATYPES.BYTE.handle, cell, status),
    "MPI_Mrecv",
  );
  return r.unpack(1, buf)[0];
}

/**
 * This rank's own message `own`, decoded from memory its arrays may view,
 * as a received one would be.
 */
function ownValue(own: Encoded): unknown {
  const r = RECEIVED;
  r.peers(1)[0] = own.byteLength;
  const into = r.layoutOwned(1, encodedViews(own));
  return r.unpack(1, placeOwn(into, own, 0))[0];
}

/** Message `i` that `SENT.pack` laid out. */
function packed(i: number): Uint8Array {
  const at = SENT.displs[i];
  return bytesOf(SENT.bytes, at, at + SENT.counts[i]);
}

/** `LONGER` when one of the first `n` messages `SENT.pack` laid out is longer than a slot. */
function tagOfPacked(comm: Comm, n: number): number {
  return anyOver(SENT.sizes, n, slotSize(comm.size)) ? LONGER : FIT;
}

/** Waits for every send `post` started and lets go of a large send buffer. */
function settle(): void {
  complete();
  SENT.shrink();
}

/**
 * `allgather` with this rank's message `mine` sent to every peer; every
 * rank sees every size, so none needs flagging.
 */
export function allgatherDirect(comm: Comm, own: Encoded): unknown[] {
  const n = comm.size, me = comm.rank, h = shadowOf(comm);
  const mine = SENT.message(own);
  try {
    for (let i = 1; i < n; i++) post(mine, (me + i) % n, FIT, h);
    const values = receiveAll(n, me, own, h);
    remember(comm, ALLGATHER, anyOver(RECEIVED.sizes, n, slotSize(n)));
    return values;
  } finally {
    settle();
  }
}

/** `scatter` from `root` of the messages `SENT.pack` laid out there: message `i` to rank `i`. */
export function scatterDirect(
  comm: Comm,
  root: number,
  own: Encoded | null,
): unknown {
  const n = comm.size, me = comm.rank, h = shadowOf(comm);
  try {
    if (me !== root) {
      const cell = matched[0] ??= new Uint8Array(8);
      matchBlocking(root, C.ANY_TAG, h, cell, status);
      remember(comm, SCATTER, messageTag(status) === LONGER);
      return receiveOne(cell);
    }
    const tag = tagOfPacked(comm, n);
    for (let to = 0; to < n; to++) if (to !== me) post(packed(to), to, tag, h);
    remember(comm, SCATTER, tag === LONGER);
    // After the sends: the other ranks need not wait for this copy.
    return ownValue(own!);
  } finally {
    settle();
  }
}

/**
 * `alltoall` of the messages `SENT.packOthers` laid out: message `i` to
 * rank `i`, and this rank's own `own`.
 */
export function alltoallDirect(comm: Comm, own: Encoded): unknown[] {
  const n = comm.size, me = comm.rank, h = shadowOf(comm);
  try {
    const tag = tagOfPacked(comm, n);
    for (let i = 1; i < n; i++) {
      const to = (me + i) % n;
      post(packed(to), to, tag, h);
    }
    const values = receiveAll(n, me, own, h);
    remember(comm, ALLTOALL, flagged || tag === LONGER);
    return values;
  } finally {
    settle();
  }
}
