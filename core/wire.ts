/**
 * Moving serialized values over MPI. A value is one MPI message of bytes:
 * the codec's head followed by its out-of-band parts. With parts, or beyond
 * 2 GiB, the pieces are gathered by an `hindexed` datatype over their
 * addresses, so nothing is copied and no size limit applies. The receiver
 * matches the message with `MPI_Mprobe`, sizes its buffer from the status
 * and takes exactly that message with `MPI_Mrecv` (thread-safe, no
 * truncation).
 *
 * @module
 */
import {
  backend,
  H,
  type Handle,
  lib,
  readHandle,
  sameHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { DATATYPES } from "./datatype.ts";
import type { Encoded } from "./codec.ts";
import { align8, bytesOf, writeMessage, ZERO_COPY_MIN } from "./codec.ts";
import { check } from "./errors.ts";
import { deserialize } from "./pickle.ts";
import { beginValue, freshBuffer, prepareSpare, spareWanted } from "./spare.ts";
import { messageBytes, STATUS_SIZE } from "./status.ts";

/** Largest block one MPI count can describe (kept well under `INT_MAX`). */
const BLOCK = 1 << 30;
const INT_MAX = 0x7fffffff;

const PAD = new Uint8Array(8);
const handleOut = new Uint8Array(8);

/** A committed byte layout and how to free it. */
export interface Layout {
  /** Base address argument (`null` = `MPI_BOTTOM`, or the receive buffer). */
  readonly base: Uint8Array | null;
  /** Datatype handle to send or receive one of. */
  readonly type: Handle;
  /** Element count (1 for a derived layout). */
  readonly count: number;
  /** Frees the derived type, if one was made. */
  free(): void;
}

function hindexed(lengths: number[], displs: bigint[]): Handle {
  const n = lengths.length;
  const bl = new Int32Array(lengths);
  const dp = new BigInt64Array(displs);
  check(
    lib.MPI_Type_create_hindexed(n, bl, dp, DATATYPES.BYTE.handle, handleOut),
    "MPI_Type_create_hindexed",
  );
  const cell = handleOut.slice();
  check(lib.MPI_Type_commit(cell), "MPI_Type_commit");
  return readHandle(cell);
}

function freer(type: Handle): () => void {
  return () => {
    const cell = new Uint8Array(8);
    writeHandle(cell, 0, type);
    check(lib.MPI_Type_free(cell), "MPI_Type_free");
  };
}

const NOTHING = (): void => {};

/** Splits `[address, length]` pieces into blocks MPI counts can describe. */
function blocks(pieces: [bigint, number][]): [number[], bigint[]] {
  const lengths: number[] = [], displs: bigint[] = [];
  for (const [addr, len] of pieces) {
    for (let off = 0; off < len; off += BLOCK) {
      lengths.push(Math.min(BLOCK, len - off));
      displs.push(addr + BigInt(off));
    }
  }
  return [lengths, displs];
}

/** The send layout of an encoded value. */
export function sendLayout(e: Encoded, reuse = true): Layout {
  if (e.parts.length === 0 && e.byteLength <= INT_MAX) {
    return {
      base: e.head,
      type: DATATYPES.BYTE.handle,
      count: e.byteLength,
      free: NOTHING,
    };
  }
  if (e.byteLength <= GATHER_MAX) {
    // Up to a few MiB one contiguous copy beats a derived datatype, which
    // MPI libraries pack through their slow non-contiguous path.
    const buf = reuse
      ? sendScratch(e.byteLength)
      : new Uint8Array(e.byteLength);
    writeMessage(e, buf);
    return {
      base: buf,
      type: DATATYPES.BYTE.handle,
      count: e.byteLength,
      free: NOTHING,
    };
  }
  const pieces: [bigint, number][] = [[
    backend.addressOf(e.head),
    e.head.byteLength,
  ]];
  let offset = e.head.byteLength;
  const padAddress = backend.addressOf(PAD);
  for (const part of e.parts) {
    const gap = align8(offset) - offset;
    if (gap) pieces.push([padAddress, gap]);
    offset += gap;
    if (part.byteLength) {
      pieces.push([backend.addressOf(part), part.byteLength]);
    }
    offset += part.byteLength;
  }
  const [lengths, displs] = blocks(pieces);
  const type = hindexed(lengths, displs);
  return { base: null, type, count: 1, free: freer(type) };
}

let scratch = new Uint8Array(ZERO_COPY_MIN);

/**
 * Blocking receives of messages up to this size land in reused memory (a
 * large TypedArray in them is copied out); larger ones are received into the
 * value's own memory, which a large TypedArray then views.
 */
export const SCRATCH_MAX = 32 << 10;

/** Messages up to this size are copied into one buffer rather than gathered by a datatype. */
const GATHER_MAX = 4 << 20;
let sendBuffer = new Uint8Array(0);

function sendScratch(size: number): Uint8Array {
  if (sendBuffer.byteLength < size) {
    sendBuffer = new Uint8Array(Math.max(size, 2 * sendBuffer.byteLength));
  }
  return bytesOf(sendBuffer, 0, size);
}

/**
 * A receive buffer and layout for a message of `size` bytes. Unless `owned`,
 * small messages use reused scratch memory (blocking receives only).
 */
export function recvLayout(size: number, owned = false): Layout {
  if (size < ZERO_COPY_MIN && !owned) {
    // Small values land in reused memory; the codec copies what it keeps.
    if (scratch.byteLength < size) scratch = new Uint8Array(ZERO_COPY_MIN);
    return {
      base: bytesOf(scratch, 0, size),
      type: DATATYPES.BYTE.handle,
      count: size,
      free: NOTHING,
    };
  }
  // A zero-copy message's memory becomes the value's own.
  const buf = size < ZERO_COPY_MIN
    ? new Uint8Array(size)
    : new Uint8Array(freshBuffer(size));
  if (size <= INT_MAX) {
    return {
      base: buf,
      type: DATATYPES.BYTE.handle,
      count: size,
      free: NOTHING,
    };
  }
  const [lengths, displs] = blocks([[0n, size]]);
  const type = hindexed(lengths, displs);
  return { base: buf, type, count: 1, free: freer(type) };
}

/**
 * Receives the matched message `message` (an `MPI_Message` cell) and
 * decodes it. `status` receives the final status.
 */
export function receiveMatched(
  message: Uint8Array,
  status: Uint8Array,
): unknown {
  const size = messageBytes(status);
  beginValue();
  if (size <= SCRATCH_MAX) {
    // Straight into reused memory, no layout object; the codec copies out
    // what the value keeps. A fresh buffer per message (the zero-copy path)
    // cost an allocation even for values without parts, such as strings and
    // records of 8-32 KiB, and fed the garbage collector.
    if (scratch.byteLength < size) scratch = new Uint8Array(SCRATCH_MAX);
    check(
      lib.MPI_Mrecv(scratch, size, DATATYPES.BYTE.handle, message, status),
      "MPI_Mrecv",
    );
    return deserialize(scratchBytes(size), true);
  }
  const layout = recvLayout(size);
  try {
    check(
      lib.MPI_Mrecv(layout.base, layout.count, layout.type, message, status),
      "MPI_Mrecv",
    );
  } finally {
    layout.free();
  }
  return deserialize(bytesOf(layout.base!, 0, size));
}

let lastScratch: Uint8Array = new Uint8Array(0);

/** The first `size` bytes of `scratch`: one view while the size repeats (a view is an allocation). */
function scratchBytes(size: number): Uint8Array {
  if (
    lastScratch.byteLength !== size || lastScratch.buffer !== scratch.buffer
  ) {
    lastScratch = bytesOf(scratch, 0, size);
  }
  return lastScratch;
}

/**
 * Matches a message for a blocking receive (`MPI_Mprobe` into `message` and
 * `status`). When none has arrived yet, the wait first allocates memory for
 * the value to come (see `core/spare.ts`).
 */
export function matchBlocking(
  source: number,
  tag: number,
  comm: Handle,
  message: Uint8Array,
  status: Uint8Array,
): void {
  if (spareWanted()) {
    // Only a receive with memory to prepare looks first: the extra call
    // costs a small message 0.1 µs.
    check(
      lib.MPI_Improbe(source, tag, comm, flagOut, message, status),
      "MPI_Improbe",
    );
    if (flagOut[0] !== 0) return;
    prepareSpare();
  }
  check(lib.MPI_Mprobe(source, tag, comm, message, status), "MPI_Mprobe");
}

const flagOut = new Int32Array(1);
const sharedCell = new Uint8Array(8);

/** The `MPI_Message` cell of blocking receives (matched and consumed in one call). */
export function blockingMessageCell(): Uint8Array {
  return sharedCell;
}

/** A fresh `MPI_Message` cell. */
export function messageCell(): Uint8Array {
  return new Uint8Array(8);
}

/** Whether a message cell holds `MPI_MESSAGE_NO_PROC` (a probe of `PROC_NULL`). */
export function isNoProc(message: Uint8Array): boolean {
  return sameHandle(readHandle(message), H.MESSAGE_NO_PROC);
}

/** A scratch status for internal probes. */
export function scratchStatus(): Uint8Array {
  return new Uint8Array(STATUS_SIZE);
}
