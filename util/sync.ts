/**
 * Synchronization utilities over RMA, as `mpi4py.util.sync`: `Sequential`
 * (one process at a time, in rank order), `Counter` (a global counter
 * incremented atomically with `Fetch_and_op`), `Mutex` (an MCS queue lock),
 * `Condition` (a condition variable) and `Semaphore`. Each object is
 * collective over its communicator: make it on every process, free it on
 * every process (`free()`, or `using`).
 *
 * @module
 */
import { C } from "../ffi/lib.ts";
import { DATATYPES } from "../core/datatype.ts";
import type { Datatype } from "../core/datatype.ts";
import { count, describe, int } from "../core/errors.ts";
import type { Info } from "../core/info.ts";
import { OPS } from "../core/op.ts";
import { COMM_SELF, type Intracomm } from "../comm/comm.ts";
import { Win, WIN_NULL } from "../rma/win.ts";

/** Type codes of Python's `array` module a `Counter` accepts. */
export type Typecode =
  | "b"
  | "B"
  | "h"
  | "H"
  | "i"
  | "I"
  | "l"
  | "L"
  | "q"
  | "Q"
  | "f"
  | "d";

type Cell =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

const TYPECODES: Record<Typecode, [Datatype, new (n: number) => Cell]> = {
  b: [DATATYPES.SIGNED_CHAR, Int8Array],
  B: [DATATYPES.UNSIGNED_CHAR, Uint8Array],
  h: [DATATYPES.SHORT, Int16Array],
  H: [DATATYPES.UNSIGNED_SHORT, Uint16Array],
  i: [DATATYPES.INT, Int32Array],
  I: [DATATYPES.UNSIGNED, Uint32Array],
  l: [DATATYPES.LONG, BigInt64Array],
  L: [DATATYPES.UNSIGNED_LONG, BigUint64Array],
  q: [DATATYPES.LONG_LONG, BigInt64Array],
  Q: [DATATYPES.UNSIGNED_LONG_LONG, BigUint64Array],
  f: [DATATYPES.FLOAT, Float32Array],
  d: [DATATYPES.DOUBLE, Float64Array],
};

/** Options shared by the RMA-based objects. */
export interface SyncOptions {
  /** The processes sharing the object (default `COMM_SELF`). */
  comm?: Intracomm;
  /** Hints for the window (default `INFO_NULL`). */
  info?: Info;
}

/**
 * Sequential execution: between `begin()` and `end()` one process at a
 * time runs, in rank order. `using seq = new Sequential(comm).begin()` ends
 * at the end of the scope.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { sync } from "@mpi4ts/mpi/util";
 * {
 *   using _seq = new sync.Sequential(mpi.COMM_WORLD).begin();
 *   console.log(`rank ${mpi.COMM_WORLD.rank}`); // printed in rank order
 * }
 * ```
 */
export class Sequential {
  /** The communicator. */
  readonly comm: Intracomm;
  /** The tag of the messages passing the turn. */
  readonly tag: number;
  readonly #token = new Uint8Array(0);

  /**
   * Turns in rank order over `comm` (no communication until `begin`).
   *
   * @param comm the processes taking turns
   * @param tag tag of the point-to-point messages
   */
  constructor(comm: Intracomm, tag = 0) {
    this.comm = comm;
    this.tag = int(tag, "tag");
  }

  /** Waits for this rank's turn (the previous rank's `end()`). Returns `this`. */
  begin(): this {
    const { comm } = this;
    if (comm.size > 1 && comm.rank > 0) {
      comm.Recv([this.#token, 0, DATATYPES.BYTE], comm.rank - 1, this.tag);
    }
    return this;
  }

  /** Passes the turn to the next rank. */
  end(): void {
    const { comm } = this;
    if (comm.size > 1 && comm.rank < comm.size - 1) {
      comm.Send([this.#token, 0, DATATYPES.BYTE], comm.rank + 1, this.tag);
    }
  }

  /** Same as `end()`, for `using`. */
  [Symbol.dispose](): void {
    this.end();
  }
}

/** Options of a `Counter`. */
export interface CounterOptions extends SyncOptions {
  /** Element type of the counter, as in Python's `array` (default `"i"`, a C `int`). */
  typecode?: Typecode;
  /** The rank holding the counter (default 0). */
  root?: number;
}

/**
 * A global counter: `next()` returns the current value and adds the step,
 * atomically across processes (`Fetch_and_op` under a shared lock).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { sync } from "@mpi4ts/mpi/util";
 * using counter = new sync.Counter(0, 1, { comm: mpi.COMM_WORLD });
 * const ticket = counter.next(); // 0, 1, 2, ... over all ranks
 * ```
 */
export class Counter implements Iterable<number> {
  readonly #start: number;
  readonly #step: number;
  #win: Win;
  readonly #root: number;
  readonly #incr: Cell;
  readonly #prev: Cell;
  readonly #big: boolean;

  /**
   * Collective over `comm`.
   *
   * @param start the first value
   * @param step what `next()` adds by default
   * @param options `typecode`, `comm`, `info`, `root`
   */
  constructor(start = 0, step = 1, options: CounterOptions = {}) {
    const typecode = options.typecode ?? "i";
    const entry = TYPECODES[typecode];
    if (!entry) {
      throw new TypeError(`typecode: unknown type code ${describe(typecode)}`);
    }
    const [datatype, Ctor] = entry;
    const comm = options.comm ?? COMM_SELF;
    const root = count(options.root ?? 0, "root");
    if (root >= comm.size) {
      throw new RangeError(
        `root ${root} is not a rank of comm (size ${comm.size})`,
      );
    }
    this.#start = start;
    this.#step = step;
    this.#root = root;
    this.#incr = new Ctor(1);
    this.#prev = new Ctor(1);
    this.#big = this.#incr instanceof BigInt64Array ||
      this.#incr instanceof BigUint64Array;
    const rank = comm.rank;
    const n = rank === root ? 1 : 0;
    const unit = datatype.size;
    this.#win = Win.Allocate(n * unit, unit, options.info, comm);
    const init = new Ctor(n);
    this.#set(init, start);
    this.#win.Lock(rank, C.LOCK_SHARED);
    this.#win.Accumulate([init, n, datatype], rank, undefined, OPS.REPLACE);
    this.#win.Unlock(rank);
    comm.Barrier();
  }

  #set(cell: Cell, value: number): void {
    if (cell.length === 0) return;
    if (this.#big) (cell as BigInt64Array)[0] = BigInt(value);
    else (cell as Float64Array)[0] = value;
  }

  /** The value before the increment; adds `incr` (default: the step). */
  next(incr?: number): number {
    if (this.#win === WIN_NULL) throw new Error("counter already freed");
    const add = incr ?? this.#step;
    this.#set(this.#incr, add);
    const win = this.#win;
    win.Lock(this.#root, C.LOCK_SHARED);
    win.Fetch_and_op(
      this.#incr,
      this.#prev,
      this.#root,
      0,
      add !== 0 ? OPS.SUM : OPS.NO_OP,
    );
    win.Unlock(this.#root);
    return Number(this.#prev[0]);
  }

  /** The start value. */
  get start(): number {
    return this.#start;
  }

  /** An endless iterator of `next()` values. */
  *[Symbol.iterator](): Iterator<number> {
    while (true) yield this.next();
  }

  /** Collective: frees the counter's window. */
  free(): void {
    const win = this.#win;
    this.#win = WIN_NULL;
    win.Free();
  }

  /** Same as `free()`, for `using`. */
  [Symbol.dispose](): void {
    this.free();
  }
}

const BACKOFF_MAX = 1 / 1024;
const BACKOFF_MIN = BACKOFF_MAX / 1024;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Sleeps `seconds` without returning to the event loop (a spin loop's back-off). */
function sleep(seconds: number): void {
  if (seconds > 0) Atomics.wait(sleeper, 0, 0, seconds * 1000);
}

/**
 * Spins until `memory[index]` differs from `sentinel`, flushing and syncing
 * the window so other processes' updates become visible; then returns the
 * value (and resets it to `sentinel` with `reset`).
 */
function spinloop(
  win: Win,
  memory: Int32Array,
  index: number,
  sentinel: number,
  reset = false,
): number {
  let delay = 0;
  win.Sync();
  while (memory[index] === sentinel) {
    sleep(delay);
    delay = Math.min(BACKOFF_MAX, Math.max(BACKOFF_MIN, delay * 2));
    win.Flush(win.group_rank);
    win.Sync();
  }
  const value = memory[index];
  if (reset) memory[index] = sentinel;
  return value;
}

const LOCK = 0, NEXT = 1, TAIL = 2, TAIL_RANK = 0;

/** Options of a `Mutex`. */
export interface MutexOptions extends SyncOptions {
  /** Whether the holder may acquire it again (counting). */
  recursive?: boolean;
}

/** An `int[n]` RMA window set to `init` on every process (the queue cells of MCS locks). */
function queueWindow(
  comm: Intracomm,
  info: Info | undefined,
  init: readonly number[],
): [Win, Int32Array] {
  const rank = comm.rank;
  const n = rank === TAIL_RANK ? 3 : 2;
  const win = Win.Allocate(n * 4, 4, info, comm);
  const cells = new Int32Array(init.slice(0, n));
  win.Lock(rank, C.LOCK_SHARED);
  win.Accumulate(cells, rank, undefined, OPS.REPLACE);
  win.Unlock(rank);
  comm.Barrier();
  return [win, new Int32Array(win.tomemory().buffer, 0, n)];
}

/**
 * A mutual exclusion lock across processes: an MCS queue lock over RMA, so
 * waiting processes spin on their own memory and get the lock in arrival
 * order.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { sync } from "@mpi4ts/mpi/util";
 * using mutex = new sync.Mutex({ comm: mpi.COMM_WORLD });
 * {
 *   using _held = mutex.hold();
 *   // one process at a time here
 * }
 * ```
 */
export class Mutex {
  #win: Win;
  #memory: Int32Array;
  readonly #recursive: boolean;
  /** The communicator. */
  readonly comm: Intracomm;
  readonly #rank = new Int32Array(1);
  readonly #null = new Int32Array([C.PROC_NULL]);
  readonly #prev = new Int32Array(1);
  readonly #flag = new Int32Array(1);

  /**
   * Collective over `comm`.
   *
   * @param options `recursive`, `comm`, `info`
   */
  constructor(options: MutexOptions = {}) {
    this.comm = options.comm ?? COMM_SELF;
    this.#recursive = options.recursive ?? false;
    [this.#win, this.#memory] = queueWindow(this.comm, options.info, [
      0,
      C.PROC_NULL,
      C.PROC_NULL,
    ]);
    this.#rank[0] = this.#win.group_rank;
  }

  #live(): Win {
    if (this.#win === WIN_NULL) throw new Error("mutex already freed");
    return this.#win;
  }

  /** Queues for the lock; `blocking = false` gives up if it is held. */
  #acquire(blocking: boolean): boolean {
    const win = this.#win, me = this.#rank[0];
    win.Lock_all();
    this.#prev[0] = C.PROC_NULL;
    win.Accumulate(this.#null, me, NEXT, OPS.REPLACE);
    if (blocking) {
      win.Fetch_and_op(this.#rank, this.#prev, TAIL_RANK, TAIL, OPS.REPLACE);
    } else {
      win.Compare_and_swap(this.#rank, this.#null, this.#prev, TAIL_RANK, TAIL);
    }
    win.Flush(TAIL_RANK);
    let locked = this.#prev[0] === C.PROC_NULL ? 1 : 0;
    if (blocking && !locked) {
      win.Accumulate(this.#rank, this.#prev[0], NEXT, OPS.REPLACE);
      win.Flush(this.#prev[0]);
      locked = spinloop(win, this.#memory, LOCK, 0);
    }
    this.#flag[0] = locked;
    win.Accumulate(this.#flag, me, LOCK, OPS.REPLACE);
    win.Unlock_all();
    return locked !== 0;
  }

  /** Hands the lock to the next process in the queue, if any. */
  #release(): void {
    const win = this.#win, me = this.#rank[0];
    win.Lock_all();
    this.#prev[0] = C.PROC_NULL;
    win.Compare_and_swap(this.#null, this.#rank, this.#prev, TAIL_RANK, TAIL);
    win.Flush(TAIL_RANK);
    if (this.#prev[0] !== me) {
      const next = spinloop(win, this.#memory, NEXT, C.PROC_NULL);
      this.#flag[0] = 1;
      win.Accumulate(this.#flag, next, LOCK, OPS.REPLACE);
      win.Flush(next);
    }
    this.#flag[0] = 0;
    win.Accumulate(this.#flag, me, LOCK, OPS.REPLACE);
    win.Unlock_all();
  }

  #count(value: number, op: typeof OPS.SUM): number {
    const win = this.#win, me = this.#rank[0];
    const incr = new Int32Array([value]), prev = new Int32Array(1);
    win.Lock(me, C.LOCK_SHARED);
    win.Fetch_and_op(incr, prev, me, LOCK, op);
    win.Unlock(me);
    return prev[0];
  }

  /** @internal Releases fully, returning the recursion count to restore. */
  releaseSave(): number | undefined {
    const state = this.#recursive ? this.#count(0, OPS.NO_OP) : undefined;
    this.#release();
    return state;
  }

  /** @internal Acquires again, restoring the recursion count `state`. */
  acquireRestore(state: number | undefined): void {
    this.#acquire(true);
    if (this.#recursive && state !== undefined) {
      this.#count(state, OPS.REPLACE);
    }
  }

  /**
   * Acquires the lock; with `blocking = false` returns `false` at once if
   * another process holds it. Acquiring a held non-recursive mutex throws.
   */
  acquire(blocking = true): boolean {
    this.#live();
    if (this.locked()) {
      if (!this.#recursive) {
        throw new Error("cannot acquire already held mutex");
      }
      this.#count(1, OPS.SUM);
      return true;
    }
    return this.#acquire(blocking);
  }

  /** Releases the lock (once per `acquire` of a recursive mutex). */
  release(): void {
    this.#live();
    if (!this.locked()) throw new Error("cannot release unheld mutex");
    if (this.#recursive && this.#count(-1, OPS.SUM) > 1) return;
    this.#release();
  }

  /** Whether this process holds the lock. */
  locked(): boolean {
    this.#live();
    return this.#memory[LOCK] !== 0;
  }

  /** How many times this process holds the lock (recursive mutexes). */
  count(): number {
    this.#live();
    return this.#count(0, OPS.NO_OP);
  }

  /** Acquires the lock and returns what releases it: `using _held = mutex.hold()`. */
  hold(): Disposable {
    this.acquire();
    return { [Symbol.dispose]: () => this.release() };
  }

  /** Collective: frees the mutex (releasing it if held). */
  free(): void {
    if (this.#win !== WIN_NULL && this.locked()) this.#release();
    const win = this.#win;
    this.#win = WIN_NULL;
    this.#memory = new Int32Array(0);
    win.Free();
  }

  /** Same as `free()`, for `using`. */
  [Symbol.dispose](): void {
    this.free();
  }
}

/** Options of a `Condition`. */
export interface ConditionOptions extends SyncOptions {
  /** Whether the mutex it makes is recursive (default `true`). */
  recursive?: boolean;
}

/**
 * A condition variable: `wait()` releases the mutex and sleeps until
 * another process `notify()`s, then holds the mutex again.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { sync } from "@mpi4ts/mpi/util";
 * using cv = new sync.Condition(undefined, { comm: mpi.COMM_WORLD });
 * {
 *   using _held = cv.hold();
 *   let ready = false;
 *   cv.notify_all();
 *   ready = true;
 *   cv.wait_for(() => ready);
 * }
 * ```
 */
export class Condition {
  readonly #mutex: Mutex;
  readonly #ownsMutex: boolean;
  #win: Win;
  #memory: Int32Array;

  /**
   * Collective over the mutex's communicator (or `options.comm`).
   *
   * @param mutex the mutex to use; made here if not given
   * @param options `recursive`, `comm`, `info` (for the mutex made here)
   */
  constructor(mutex?: Mutex, options: ConditionOptions = {}) {
    this.#ownsMutex = mutex === undefined;
    this.#mutex = mutex ?? new Mutex({
      recursive: options.recursive ?? true,
      comm: options.comm,
      info: options.info,
    });
    [this.#win, this.#memory] = queueWindow(
      this.#mutex.comm,
      options.info,
      [0, C.PROC_NULL, C.PROC_NULL],
    );
  }

  #live(): Win {
    if (this.#win === WIN_NULL) throw new Error("condition already freed");
    return this.#win;
  }

  #enqueue(process: number): void {
    const win = this.#win;
    const rank = new Int32Array([process]);
    const prev = new Int32Array([C.PROC_NULL]);
    const next = new Int32Array([process]);
    win.Lock_all();
    win.Fetch_and_op(rank, prev, TAIL_RANK, TAIL, OPS.REPLACE);
    win.Flush(TAIL_RANK);
    if (prev[0] !== C.PROC_NULL) {
      win.Fetch_and_op(rank, next, prev[0], NEXT, OPS.REPLACE);
      win.Flush(prev[0]);
    }
    win.Accumulate(next, process, NEXT, OPS.REPLACE);
    win.Unlock_all();
  }

  #dequeue(max: number): number[] {
    const win = this.#win;
    const nul = new Int32Array([C.PROC_NULL]);
    const prev = new Int32Array([C.PROC_NULL]);
    const next = new Int32Array([C.PROC_NULL]);
    const processes: number[] = [];
    max = Math.max(0, Math.min(max, win.group_size));
    win.Lock_all();
    win.Fetch_and_op(nul, prev, TAIL_RANK, TAIL, OPS.NO_OP);
    win.Flush(TAIL_RANK);
    if (prev[0] !== C.PROC_NULL) {
      let empty = false;
      win.Fetch_and_op(nul, next, prev[0], NEXT, OPS.NO_OP);
      win.Flush(prev[0]);
      while (processes.length < max && !empty) {
        const rank = next[0];
        processes.push(rank);
        win.Fetch_and_op(nul, next, rank, NEXT, OPS.NO_OP);
        win.Flush(rank);
        empty = processes[0] === next[0];
      }
      if (!empty) win.Accumulate(next, prev[0], NEXT, OPS.REPLACE);
      else win.Accumulate(nul, TAIL_RANK, TAIL, OPS.REPLACE);
    }
    win.Unlock_all();
    return processes;
  }

  /** Acquires the mutex. */
  acquire(blocking = true): boolean {
    this.#live();
    return this.#mutex.acquire(blocking);
  }

  /** Releases the mutex. */
  release(): void {
    this.#live();
    this.#mutex.release();
  }

  /** Whether this process holds the mutex. */
  locked(): boolean {
    return this.#mutex.locked();
  }

  /** Acquires the mutex and returns what releases it: `using _held = cv.hold()`. */
  hold(): Disposable {
    this.acquire();
    return { [Symbol.dispose]: () => this.release() };
  }

  /** Releases the mutex, sleeps until notified, holds the mutex again. Returns `true`. */
  wait(): true {
    const win = this.#live();
    if (!this.locked()) throw new Error("cannot wait on unheld mutex");
    this.#enqueue(win.group_rank);
    const state = this.#mutex.releaseSave();
    win.Lock_all();
    spinloop(win, this.#memory, 0, 0, true);
    win.Unlock_all();
    this.#mutex.acquireRestore(state);
    return true;
  }

  /** Waits until `predicate()` is truthy; returns its value. */
  wait_for<T>(predicate: () => T): T {
    let result = predicate();
    while (!result) {
      this.wait();
      result = predicate();
    }
    return result;
  }

  /** Wakes up to `n` waiting processes; returns how many. */
  notify(n = 1): number {
    const win = this.#live();
    if (!this.locked()) throw new Error("cannot notify on unheld mutex");
    const processes = this.#dequeue(n);
    const flag = new Int32Array([1]);
    win.Lock_all();
    for (const rank of processes) {
      win.Accumulate(flag, rank, 0, OPS.REPLACE);
    }
    win.Unlock_all();
    return processes.length;
  }

  /** Wakes every waiting process; returns how many. */
  notify_all(): number {
    return this.notify(2 ** 31 - 1);
  }

  /** Collective: frees the condition (and the mutex it made). */
  free(): void {
    if (this.#ownsMutex) this.#mutex.free();
    else if (this.#mutex.locked()) this.#mutex.release();
    const win = this.#win;
    this.#win = WIN_NULL;
    this.#memory = new Int32Array(0);
    win.Free();
  }

  /** Same as `free()`, for `using`. */
  [Symbol.dispose](): void {
    this.free();
  }
}

/** Options of a `Semaphore`. */
export interface SemaphoreOptions extends SyncOptions {
  /** Whether releasing beyond the initial value is an error (default `true`). */
  bounded?: boolean;
}

/**
 * A counting semaphore across processes.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { sync } from "@mpi4ts/mpi/util";
 * using sem = new sync.Semaphore(2, { comm: mpi.COMM_WORLD });
 * sem.acquire(); // at most 2 processes past this point
 * sem.release();
 * ```
 */
export class Semaphore {
  readonly #bounded: boolean;
  readonly #counter: Counter;
  readonly #condvar: Condition;

  /**
   * Collective over `options.comm`.
   *
   * @param value the initial count (≥ 0)
   * @param options `bounded`, `comm`, `info`
   */
  constructor(value = 1, options: SemaphoreOptions = {}) {
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(
        `value must be an integer ≥ 0, got ${describe(value)}`,
      );
    }
    this.#bounded = options.bounded ?? true;
    this.#counter = new Counter(value, 1, options);
    this.#condvar = new Condition(undefined, { ...options, recursive: false });
  }

  /** Decrements the count, waiting while it is 0 (or returns `false` at once with `blocking = false`). */
  acquire(blocking = true): boolean {
    using _held = this.#condvar.hold();
    while (this.#counter.next(0) === 0) {
      if (!blocking) return false;
      this.#condvar.wait();
    }
    this.#counter.next(-1);
    return true;
  }

  /** Increments the count by `n`, waking waiting processes. */
  release(n = 1): void {
    if (!(Number.isInteger(n) && n >= 1)) {
      throw new RangeError(`n must be an integer ≥ 1, got ${describe(n)}`);
    }
    using _held = this.#condvar.hold();
    if (this.#bounded) {
      const current = this.#counter.next(0);
      if (current + n > this.#counter.start) {
        throw new RangeError("semaphore released too many times");
      }
    }
    this.#counter.next(n);
    this.#condvar.notify(n);
  }

  /** Collective: frees the semaphore. */
  free(): void {
    this.#counter.free();
    this.#condvar.free();
  }

  /** Same as `free()`, for `using`. */
  [Symbol.dispose](): void {
    this.free();
  }
}
