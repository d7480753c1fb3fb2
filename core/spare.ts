/**
 * Memory for received values, allocated while a receive waits anyway.
 *
 * A received value needs memory of its own, and V8 charges for a fresh
 * ArrayBuffer far more than C's `malloc` does: zeroing, page faults and an
 * allocator lock shared with the garbage collector's background sweeper
 * (about 0.3 µs for a few bytes, 3 µs at 16 KiB, 8 µs at 64 KiB here; 1–5
 * µs at any size once the sweeper's share is counted). So a blocking
 * receive that finds its message not yet arrived spends the wait
 * allocating buffers of the sizes the last received value needed:
 * iterative codes receive the same shapes again and again (two arrays of
 * 8,000 bytes, a record of two `Float64Array`s), and the next value finds
 * its memory ready. A spare is handed out only for exactly its size, so a
 * received value's `.buffer` is what a fresh allocation would have given.
 *
 * Deno's V8 keeps every TypedArray's memory off its heap, even 16 bytes
 * (`new Uint8Array(16)` about 1.1 µs in a loop, CPython's `bytes(16)` 0.05
 * µs). Most of that is the background ArrayBuffer sweeper: V8's
 * `--no-concurrent-array-buffer-sweeping` brings it to 0.2 µs in one
 * process, but it made a 2-rank ping-pong slower (16 B 1.37 → 1.57 µs,
 * 16 KiB 7.7 → 13 µs one-way), and a 16 KiB `allgather` 15.5 → 32 µs, since
 * sweeping then runs inside the calls. (Under Deno only `--v8-flags` or
 * `DENO_V8_FLAGS` set it: `node:v8`'s `setFlagsFromString` has no effect.)
 *
 * @module
 */

import { backend } from "../ffi/runtime.ts";

/** Spares are not made beyond this many bytes in all, so an idle process holds at most this much. */
const SPARE_MAX = 8 << 20;
/** At most this many buffers of one value are predicted. */
const SPARES = 8;

/** Ready buffers. */
const spares: ArrayBuffer[] = [];
/** Sizes the last received value took, in order. */
let predicted: number[] = [];
/** Sizes the value being received takes. */
let taking: number[] = [];

/**
 * Marks the start of a received value: the sizes taken since the last
 * mark become the prediction for the next one.
 *
 * @example
 * ```ts
 * beginValue();
 * const buffer = freshBuffer(64); // recorded for the next value
 * ```
 */
export function beginValue(): void {
  if (taking.length === 0 && predicted.length === 0) return;
  const last = predicted;
  predicted = taking;
  taking = last;
  taking.length = 0;
}

/**
 * A new ArrayBuffer of `size` bytes for a received value, which the caller
 * fills completely: a spare if one has exactly that size, otherwise a fresh
 * one (not zero-filled where the runtime can skip that).
 *
 * @example
 * ```ts
 * const message = new Uint8Array(64);
 * const bytes = new Uint8Array(freshBuffer(16));
 * bytes.set(message.subarray(8, 24));
 * ```
 */
export function freshBuffer(size: number): ArrayBuffer {
  if (taking.length < SPARES) taking.push(size);
  for (let i = 0; i < spares.length; i++) {
    const s = spares[i];
    if (s.byteLength === size) {
      spares[i] = spares[spares.length - 1];
      spares.pop();
      return s;
    }
  }
  return backend.unfilled(size);
}

/**
 * Allocates the spares for the next received value: one per size the last
 * value took that has none ready. Spares of other sizes are dropped. Call
 * it only when the process would otherwise wait.
 *
 * @example
 * ```ts
 * const messageArrived = false;
 * if (!messageArrived) prepareSpare(); // use the wait to make the next buffers
 * ```
 */
export function prepareSpare(): void {
  if (!spareWanted()) return;
  const keep: ArrayBuffer[] = [];
  let total = 0;
  for (const size of predicted) {
    if (total + size > SPARE_MAX) break;
    total += size;
    const at = spares.findIndex((s) => s.byteLength === size);
    if (at >= 0) {
      keep.push(spares[at]);
      spares.splice(at, 1);
      continue;
    }
    const spare = backend.unfilled(size);
    // Fresh pages fault on their first write; take those faults now, not
    // while MPI or the decoder writes the value.
    const bytes = new Uint8Array(spare);
    for (let i = 0; i < size; i += 4096) bytes[i] = 0;
    keep.push(spare);
  }
  spares.length = 0;
  spares.push(...keep);
}

/**
 * Whether `prepareSpare` would allocate: some size the last value took has
 * no spare ready.
 *
 * @example
 * ```ts
 * if (spareWanted()) prepareSpare();
 * ```
 */
export function spareWanted(): boolean {
  let total = 0;
  for (let i = 0; i < predicted.length; i++) {
    const size = predicted[i];
    if ((total += size) > SPARE_MAX) return false;
    let ready = 0, wanted = 0;
    for (let j = 0; j < predicted.length; j++) {
      wanted += +(predicted[j] === size);
    }
    for (let j = 0; j < spares.length; j++) {
      ready += +(spares[j].byteLength === size);
    }
    if (ready < wanted) return true;
  }
  return false;
}
