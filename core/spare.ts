/**
 * Memory for received values, allocated while a receive waits anyway.
 *
 * A received value needs memory of its own, and V8 charges for a fresh
 * ArrayBuffer far more than C's `malloc` does: zeroing, page faults and an
 * allocator lock shared with the garbage collector's background sweeper
 * (about 0.3 µs for a few bytes, 3 µs at 16 KiB, 8 µs at 64 KiB here). So a
 * blocking receive that finds its message not yet arrived spends the wait
 * allocating a buffer of the size the last received value needed: iterative
 * codes receive the same sizes again and again, and the next value finds its
 * memory ready. A spare is handed out only for exactly its size, so a
 * received value's `.buffer` is what a fresh allocation would have given.
 *
 * @module
 */

/** Spares are not made beyond this size, so an idle process holds at most this much. */
const SPARE_MAX = 8 << 20;

let spare: ArrayBuffer | null = null;
let predicted = -1; // no receive yet

/**
 * A new, zero-filled ArrayBuffer of `size` bytes for a received value: the
 * spare if it has exactly that size, otherwise a fresh one.
 *
 * @example
 * ```ts
 * const message = new Uint8Array(64);
 * const bytes = new Uint8Array(freshBuffer(16));
 * bytes.set(message.subarray(8, 24));
 * ```
 */
export function freshBuffer(size: number): ArrayBuffer {
  predicted = size;
  const s = spare;
  if (s !== null && s.byteLength === size) {
    spare = null;
    return s;
  }
  return new ArrayBuffer(size);
}

/**
 * Allocates the spare for the next received value, if there is none of the
 * predicted size. Call it only when the process would otherwise wait.
 *
 * @example
 * ```ts
 * const messageArrived = false;
 * if (!messageArrived) prepareSpare(); // use the wait to make the next buffer
 * ```
 */
export function prepareSpare(): void {
  if (!spareWanted()) return;
  spare = new ArrayBuffer(predicted);
  // Fresh pages fault on their first write; take those faults now, not
  // while MPI writes the message.
  const bytes = new Uint8Array(spare);
  for (let i = 0; i < predicted; i += 4096) bytes[i] = 0;
}

/**
 * Whether `prepareSpare` would allocate: a value size is predicted and no
 * spare of that size is ready.
 *
 * @example
 * ```ts
 * if (spareWanted()) prepareSpare();
 * ```
 */
export function spareWanted(): boolean {
  return predicted >= 0 && predicted <= SPARE_MAX &&
    spare?.byteLength !== predicted;
}
