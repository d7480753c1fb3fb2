/**
 * The encoder's memo: the things (objects, keys) written so far in one
 * message, each with its index, so a repeat is written as a back-reference.
 *
 * The first `LISTED` sit in a list searched linearly; only larger messages
 * use a `Map`. Most values are small, and a `Map` costs them more than the
 * search: keyed by each message's fresh objects (a received value sent on)
 * it made the collector's scavenges 4× dearer (a rank re-encoding each small
 * record it decoded took 4.05 µs a message, 3.22 µs with the list), and a
 * new one per message is an allocation.
 *
 * @module
 */

/** Things searched linearly before the memo takes a `Map`. */
const LISTED = 16;

/** A `Map` with `getOrInsert` (Deno's V8 has it; Node 20's does not). */
interface UpsertMap<K, V> extends Map<K, V> {
  getOrInsert(key: K, value: V): V;
}

/** Whether maps find-or-insert in one hash lookup here. */
const UPSERT = "getOrInsert" in Map.prototype;

/**
 * Indexes of the things written so far in one message.
 *
 * @example
 * ```ts
 * const memo = new Memo<string>();
 * memo.indexOrAdd("id"); // -1: new, now index 0
 * memo.indexOrAdd("name"); // -1: new, now index 1
 * console.assert(memo.indexOrAdd("name") === 1 && memo.size === 2);
 * memo.reset(); // next message
 * ```
 */
export class Memo<T> {
  // A fixed list with a count, never shortened: setting an array's length
  // is a slow builtin call (a tenth of encoding a small record).
  #listed: (T | undefined)[] = new Array(LISTED).fill(undefined);
  #rest = new Map<T, number>();
  #size = 0;

  /** How many things were added since the last reset. */
  get size(): number {
    return this.#size;
  }

  /**
   * The index of `x` if it was added since the last reset; otherwise adds
   * it (at index `size`) and returns -1. One lookup either way.
   */
  indexOrAdd(x: T): number {
    const n = this.#size;
    if (n < LISTED) {
      // A loop over the count, inlined: `indexOf` is a call into the
      // runtime and searched all 16 slots.
      const listed = this.#listed;
      for (let i = 0; i < n; i++) if (listed[i] === x) return i;
      listed[n] = x;
      this.#size = n + 1;
      return -1;
    }
    if (n === LISTED) {
      // From here on only the Map is searched: it takes the listed too.
      for (let i = 0; i < LISTED; i++) this.#rest.set(this.#listed[i]!, i);
    }
    const rest = this.#rest;
    const i = UPSERT
      ? (rest as UpsertMap<T, number>).getOrInsert(x, n)
      : rest.get(x) ?? (rest.set(x, n), n);
    if (i !== n) return i;
    this.#size = n + 1;
    return -1;
  }

  /** Forgets everything: the next message starts at index 0. */
  reset(): void {
    if (this.#size === 0) return;
    // Emptied, so the list holds no message's objects alive.
    const n = Math.min(this.#size, LISTED);
    for (let i = 0; i < n; i++) this.#listed[i] = undefined;
    // A fresh Map, never `clear()`: V8 clears a Map by giving it a new
    // table that the old one links to, entries and all. Once one such
    // table is promoted, every later one and every object they hold (each
    // message's values) survives the scavenges until the next full
    // collection: a rank sending on the records it received spent a third
    // of its time in scavenges (100 records: 200 -> 93 µs a message).
    if (this.#size > LISTED) this.#rest = new Map();
    this.#size = 0;
  }
}
