/**
 * `Request` and `Prequest`: pending operations. A request owns the C
 * `MPI_Request` cell, keeps the memory of its operation alive until it
 * completes, and for value operations turns the received bytes into the
 * value. Multi-step operations (value receives whose size is unknown,
 * nonblocking value collectives) plug in a `Steps` driver instead.
 *
 * @module
 */
import { C, H, HANDLE_SIZE, lib, readHandle, writeHandle } from "../ffi/lib.ts";
import { check, describe, mpiError } from "./errors.ts";
import { Status, STATUS_SIZE, statusBytes } from "./status.ts";
import { parrived, pready, preadyList, preadyRange } from "./partitioned.ts";
import { state } from "./state.ts";
import { whenComplete } from "./poller.ts";
import { slabInts } from "./slab.ts";

/** Ints per handle in a cell array (2 for pointers, 1 for ints). */
const STRIDE = HANDLE_SIZE / 4;

const NULL_CELL = new Int32Array(2);
writeHandle(new Uint8Array(NULL_CELL.buffer), 0, H.REQUEST_NULL!);

const flagOut = new Int32Array(1);
const indexOut = new Int32Array(1);

export {
  advanceWhileWaiting,
  hasBackground,
  progress,
  type Steps,
} from "./steps.ts";
import { hasBackground, progress, type Steps, stopAdvancing } from "./steps.ts";

/** Turns the completed operation's status into its result (e.g. decodes a value). */
export type Finisher = (status: Uint8Array) => unknown;

/** Growable scratch arrays for the many-request calls. */
const scratch = {
  cells: new Int32Array(32),
  statuses: new Uint8Array(16 * STATUS_SIZE),
  indices: new Int32Array(16),
};

function cellsFor(n: number): Int32Array {
  if (scratch.cells.length < n * STRIDE) {
    scratch.cells = new Int32Array(n * STRIDE * 2);
  }
  return scratch.cells;
}

function statusesFor(n: number): Uint8Array {
  const need = Math.max(1, n) * STATUS_SIZE;
  if (scratch.statuses.length < need) {
    scratch.statuses = new Uint8Array(need * 2);
  }
  return scratch.statuses;
}

function indicesFor(n: number): Int32Array {
  if (scratch.indices.length < n) scratch.indices = new Int32Array(n * 2);
  return scratch.indices;
}

function checkRequests(reqs: unknown, what: string): Request[] {
  if (!Array.isArray(reqs)) {
    throw new TypeError(
      `${what} must be an array of Request, got ${describe(reqs)}`,
    );
  }
  for (let i = 0; i < reqs.length; i++) {
    if (!(reqs[i] instanceof Request)) {
      throw new TypeError(
        `${what}[${i}] must be a Request, got ${describe(reqs[i])}`,
      );
    }
  }
  return reqs as Request[];
}

function fillStatuses(
  statuses: Status[] | undefined,
  from: Uint8Array,
  n: number,
): void {
  if (!statuses) return;
  for (let i = 0; i < n; i++) {
    statuses[i] ??= new Status();
    statuses[i].copyFrom(from.subarray(i * STATUS_SIZE, (i + 1) * STATUS_SIZE));
  }
}

/**
 * A pending nonblocking operation.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const buf = new Float64Array(4);
 * const req = comm.Irecv(buf, mpi.ANY_SOURCE, 7);
 * comm.Send(new Float64Array([1, 2, 3, 4]), comm.rank, 7);
 * const st = new mpi.Status();
 * req.Wait(st);
 * ```
 */
export class Request {
  /** The C `MPI_Request` (4 or 8 bytes, as two ints). */
  readonly #cell: Int32Array = slabInts(2);
  #keep: unknown;
  #finish: Finisher | undefined;
  #steps: Steps | undefined;
  #value: unknown;
  #persistent: boolean;
  /** Whether completion yields a value (value operations) rather than a Status. */
  #yieldsValue: boolean;

  /**
   * Made by nonblocking calls; users do not construct requests.
   *
   * @param keep memory (or anything) to keep alive until completion
   * @param finish computes the result from the final status
   * @param persistent whether this is a persistent request (`Prequest`)
   */
  constructor(keep?: unknown, finish?: Finisher, persistent = false) {
    this.#cell.set(NULL_CELL);
    this.#keep = keep;
    this.#finish = finish;
    this.#persistent = persistent;
    this.#yieldsValue = finish !== undefined;
  }

  /** Keeps `memory` referenced until the operation completes (buffers MPI still uses). */
  keep(memory: unknown): void {
    this.#keep = memory;
  }

  /**
   * Marks an operation whose progress may call JavaScript (a user-defined
   * op). Nothing to do: awaiting only ever tests on the JavaScript
   * thread, where the callback must run.
   */
  callsJavaScript(): void {}

  /** The `MPI_Request *` to hand to the C call that starts the operation. */
  get cell(): Int32Array {
    return this.#cell;
  }

  /** A request completed by `steps` rather than by one MPI request. */
  static fromSteps(steps: Steps, keep?: unknown): Request {
    const r = new Request(keep);
    r.#steps = steps;
    r.#yieldsValue = true;
    return r;
  }

  /** A request that is already complete with `value`. */
  static completed(value: unknown): Request {
    const r = new Request();
    r.#value = value;
    r.#yieldsValue = true;
    return r;
  }

  /** Whether the request is null: completed, freed, or never started. */
  get isNull(): boolean {
    if (this.#steps) return false;
    return this.#cell[0] === NULL_CELL[0] && this.#cell[1] === NULL_CELL[1];
  }

  #settle(status: Uint8Array): void {
    const finish = this.#finish;
    if (finish) {
      if (!this.#persistent) this.#finish = undefined;
      this.#value = finish(status);
    }
    if (!this.#persistent) this.#keep = undefined;
  }

  #settleSteps(status: Status | undefined): void {
    const steps = this.#steps!;
    stopAdvancing(steps);
    this.#value = steps.result();
    const st = steps.status();
    if (status && st) status.copyFrom(st);
    this.#steps = undefined;
    this.#keep = undefined;
  }

  /** Blocks until the operation completes; fills `status`. Returns `true`. */
  Wait(status?: Status): true {
    if (hasBackground()) {
      while (!this.Test(status)) progress();
      return true;
    }
    if (this.#steps) {
      this.#steps.wait();
      this.#settleSteps(status);
      return true;
    }
    const st = statusBytes(status);
    check(lib.MPI_Wait(this.#cell, st), "MPI_Wait");
    this.#settle(st);
    return true;
  }

  /** Whether the operation has completed (then `status` is filled). */
  Test(status?: Status): boolean {
    if (this.#steps) {
      if (!this.#steps.test()) return false;
      this.#settleSteps(status);
      return true;
    }
    const st = statusBytes(status);
    check(lib.MPI_Test(this.#cell, flagOut, st), "MPI_Test");
    if (flagOut[0] === 0) return false;
    this.#settle(st);
    return true;
  }

  /** Waits and returns the operation's value (`undefined` for buffer operations). */
  wait(status?: Status): unknown {
    this.Wait(status);
    return this.#take();
  }

  /** Tests; returns `[done, value]`. */
  test(status?: Status): [boolean, unknown] {
    const done = this.Test(status);
    return [done, done ? this.#take() : undefined];
  }

  #take(): unknown {
    const v = this.#value;
    if (!this.#persistent) this.#value = undefined;
    return v;
  }

  /**
   * Resolves when the operation completes, never blocking the event loop
   * for long: tested at once and in a short spin on this thread (so a
   * message that is microseconds away resolves at nearly blocking speed),
   * then on event-loop turns and ~1 ms timer ticks (so a long wait costs
   * little CPU and timers, I/O and other promises keep running). Gives the
   * value for value operations, else the `Status`.
   */
  waitAsync(status?: Status): Promise<unknown> {
    if (this.#yieldsValue) {
      // The value is the result: a status only if the caller wants one.
      return whenComplete(() => this.Test(status), () => this.#take());
    }
    const st = status ?? new Status();
    return whenComplete(() => this.Test(st), () => st);
  }

  #resultOr(st: Status): unknown {
    return this.#yieldsValue ? this.#take() : st;
  }

  /** Whether the operation has completed, without completing it; fills `status` if so. */
  Get_status(status?: Status): boolean {
    if (this.#steps) return false;
    if (this.isNull) {
      status?.copyFrom(new Status());
      return true;
    }
    const handle = readHandle(
      new Uint8Array(this.#cell.buffer, this.#cell.byteOffset, HANDLE_SIZE),
    );
    check(
      lib.MPI_Request_get_status(handle, flagOut, statusBytes(status)),
      "MPI_Request_get_status",
    );
    return flagOut[0] !== 0;
  }

  /** Requests cancellation; complete the request with `Wait`/`Test` afterwards. */
  Cancel(): void {
    if (this.#steps) {
      this.#steps.cancel?.();
      return;
    }
    if (this.isNull) {
      throw mpiError(
        C.ERR_REQUEST,
        "MPI_Cancel",
        "cannot cancel a null request",
      );
    }
    check(lib.MPI_Cancel(this.#cell), "MPI_Cancel");
  }

  /** Frees the request; the operation (if active) still completes in MPI. */
  Free(): void {
    if (this.#steps || this.isNull) {
      this.#steps = undefined;
      return;
    }
    if (!state.active) return;
    check(lib.MPI_Request_free(this.#cell), "MPI_Request_free");
  }

  /** Same as `Free()`. */
  [Symbol.dispose](): void {
    if (state.active) this.Free();
  }

  // ---------------------------------------------------------------- many

  /** Waits for all; fills `statuses` (extended as needed). */
  static Waitall(reqs: Request[], statuses?: Status[]): true {
    const list = checkRequests(reqs, "requests");
    if (hasBackground()) {
      while (!Request.Testall(list, statuses)) progress();
      return true;
    }
    if (list.some((r) => r.#steps)) {
      list.forEach((r, i) =>
        r.Wait(statuses ? (statuses[i] ??= new Status()) : undefined)
      );
      return true;
    }
    const n = list.length;
    const cells = gather(list);
    const sts = statusesFor(n);
    check(lib.MPI_Waitall(n, cells, sts), "MPI_Waitall");
    scatter(list, cells);
    for (let i = 0; i < n; i++) list[i].#settle(sts.subarray(i * STATUS_SIZE));
    fillStatuses(statuses, sts, n);
    return true;
  }

  /** Waits for all and returns their values. */
  static waitall(reqs: Request[], statuses?: Status[]): unknown[] {
    Request.Waitall(reqs, statuses);
    return reqs.map((r) => r.#take());
  }

  /**
   * Resolves when all complete, without blocking the event loop (as
   * `waitAsync`, one wait for the lot); gives their values/statuses.
   */
  static waitallAsync(reqs: Request[]): Promise<unknown[]> {
    let list: Request[];
    try {
      list = checkRequests(reqs, "requests").slice();
    } catch (error) {
      return Promise.reject(error);
    }
    const sts = list.map(() => new Status());
    const done = new Uint8Array(list.length);
    let left = list.length;
    return whenComplete(() => {
      for (let i = 0; i < list.length; i++) {
        if (done[i] === 0 && list[i].Test(sts[i])) {
          done[i] = 1;
          left--;
        }
      }
      return left === 0;
    }, () => list.map((r, i) => r.#resultOr(sts[i]))) as Promise<unknown[]>;
  }

  /** Whether all have completed (then all are completed and `statuses` filled). */
  static Testall(reqs: Request[], statuses?: Status[]): boolean {
    const list = checkRequests(reqs, "requests");
    if (list.some((r) => r.#steps)) {
      return list.every((r, i) =>
        r.isNull ||
        r.Test(statuses ? (statuses[i] ??= new Status()) : undefined)
      );
    }
    const n = list.length;
    const cells = gather(list);
    const sts = statusesFor(n);
    check(lib.MPI_Testall(n, cells, flagOut, sts), "MPI_Testall");
    if (flagOut[0] === 0) return false;
    scatter(list, cells);
    for (let i = 0; i < n; i++) list[i].#settle(sts.subarray(i * STATUS_SIZE));
    fillStatuses(statuses, sts, n);
    return true;
  }

  /** Tests all; returns `[done, values]`. */
  static testall(
    reqs: Request[],
    statuses?: Status[],
  ): [boolean, unknown[] | undefined] {
    if (!Request.Testall(reqs, statuses)) return [false, undefined];
    return [true, reqs.map((r) => r.#take())];
  }

  /** Waits for one; returns its index, or `UNDEFINED` if all are null. */
  static Waitany(reqs: Request[], status?: Status): number {
    const list = checkRequests(reqs, "requests");
    if (hasBackground()) {
      for (;;) {
        const [i, done] = Request.Testany(list, status);
        if (done) return i;
        progress();
      }
    }
    if (list.some((r) => r.#steps)) return pollAny(list, status, true);
    const n = list.length;
    const cells = gather(list);
    const st = statusBytes(status);
    check(lib.MPI_Waitany(n, cells, indexOut, st), "MPI_Waitany");
    scatter(list, cells);
    const i = indexOut[0];
    if (i >= 0 && i !== C.UNDEFINED) list[i].#settle(st);
    return i;
  }

  /** Waits for one; returns `[index, value]`. */
  static waitany(reqs: Request[], status?: Status): [number, unknown] {
    const i = Request.Waitany(reqs, status);
    return [i, i === C.UNDEFINED ? undefined : reqs[i].#take()];
  }

  /** Tests for one; returns `[index, done]` (`index` is `UNDEFINED` if none). */
  static Testany(reqs: Request[], status?: Status): [number, boolean] {
    const list = checkRequests(reqs, "requests");
    if (list.some((r) => r.#steps)) {
      const i = pollAny(list, status, false);
      return [i, i !== C.UNDEFINED || list.every((r) => r.isNull)];
    }
    const n = list.length;
    const cells = gather(list);
    const st = statusBytes(status);
    check(lib.MPI_Testany(n, cells, indexOut, flagOut, st), "MPI_Testany");
    scatter(list, cells);
    const i = indexOut[0];
    if (flagOut[0] !== 0 && i >= 0 && i !== C.UNDEFINED) list[i].#settle(st);
    return [i, flagOut[0] !== 0];
  }

  /** Tests for one; returns `[index, done, value]`. */
  static testany(reqs: Request[], status?: Status): [number, boolean, unknown] {
    const [i, done] = Request.Testany(reqs, status);
    return [i, done, done && i !== C.UNDEFINED ? reqs[i].#take() : undefined];
  }

  /** Waits for at least one; returns the indices completed (`undefined` if all null). */
  static Waitsome(reqs: Request[], statuses?: Status[]): number[] | undefined {
    const list = checkRequests(reqs, "requests");
    if (hasBackground()) {
      for (;;) {
        const done = some(list, statuses, false);
        if (done === undefined || done.length > 0) return done;
        progress();
      }
    }
    return some(list, statuses, true);
  }

  /** Tests; returns the indices completed now (`[]` if none, `undefined` if all null). */
  static Testsome(reqs: Request[], statuses?: Status[]): number[] | undefined {
    return some(checkRequests(reqs, "requests"), statuses, false);
  }

  /** Waits for some; returns `[indices, values]`. */
  static waitsome(
    reqs: Request[],
    statuses?: Status[],
  ): [number[] | undefined, unknown[] | undefined] {
    const idx = Request.Waitsome(reqs, statuses);
    return [idx, idx?.map((i) => reqs[i].#take())];
  }

  /** Tests some; returns `[indices, values]`. */
  static testsome(
    reqs: Request[],
    statuses?: Status[],
  ): [number[] | undefined, unknown[] | undefined] {
    const idx = Request.Testsome(reqs, statuses);
    return [idx, idx?.map((i) => reqs[i].#take())];
  }

  /** @internal settles after an external completion (many-request helpers). */
  static settle(r: Request, status: Uint8Array): void {
    r.#settle(status);
  }

  /** @internal whether a request is multi-step. */
  static hasSteps(r: Request): boolean {
    return r.#steps !== undefined;
  }
}

function gather(list: Request[]): Int32Array {
  const cells = cellsFor(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i].cell;
    cells[i * STRIDE] = c[0];
    if (STRIDE === 2) cells[i * STRIDE + 1] = c[1];
  }
  return cells;
}

function scatter(list: Request[], cells: Int32Array): void {
  for (let i = 0; i < list.length; i++) {
    const c = list[i].cell;
    c[0] = cells[i * STRIDE];
    if (STRIDE === 2) c[1] = cells[i * STRIDE + 1];
  }
}

function pollAny(
  list: Request[],
  status: Status | undefined,
  block: boolean,
): number {
  if (list.every((r) => r.isNull)) return C.UNDEFINED;
  for (;;) {
    for (let i = 0; i < list.length; i++) {
      if (!list[i].isNull && list[i].Test(status)) return i;
    }
    if (!block) return C.UNDEFINED;
  }
}

function some(
  list: Request[],
  statuses: Status[] | undefined,
  block: boolean,
): number[] | undefined {
  if (list.every((r) => r.isNull)) return undefined;
  if (list.some((r) => Request.hasSteps(r))) {
    for (;;) {
      const done: number[] = [];
      list.forEach((r, i) => {
        if (
          !r.isNull &&
          r.Test(statuses ? (statuses[i] ??= new Status()) : undefined)
        ) done.push(i);
      });
      if (done.length > 0 || !block) return done;
    }
  }
  const n = list.length;
  const cells = gather(list);
  const sts = statusesFor(n);
  const idx = indicesFor(n);
  const fn = block ? lib.MPI_Waitsome : lib.MPI_Testsome;
  check(
    fn(n, cells, flagOut, idx, sts),
    block ? "MPI_Waitsome" : "MPI_Testsome",
  );
  scatter(list, cells);
  const out = flagOut[0];
  if (out === C.UNDEFINED) return undefined;
  const result: number[] = [];
  for (let k = 0; k < out; k++) {
    const i = idx[k];
    const st = sts.subarray(k * STATUS_SIZE, (k + 1) * STATUS_SIZE);
    Request.settle(list[i], st);
    if (statuses) (statuses[i] ??= new Status()).copyFrom(st);
    result.push(i);
  }
  return result;
}

/**
 * A persistent request (`Send_init`, `Recv_init`, `Bcast_init`, ...):
 * `Start()` it, complete it with `Wait`/`Test`, start it again; `Free()` it
 * when done.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const buf = new Float64Array(4);
 * const p = comm.Send_init(buf, comm.rank, 0);
 * const r = comm.Recv_init(new Float64Array(4), comm.rank, 0);
 * for (let i = 0; i < 10; i++) {
 *   p.Start();
 *   r.Start();
 *   mpi.Request.Waitall([p, r]);
 * }
 * p.Free();
 * r.Free();
 * ```
 */
export class Prequest extends Request {
  readonly #partitions: number;

  /**
   * Made by the library; users use the exported instances and calls.
   *
   * @param keep memory the operation uses (kept until `Free`)
   * @param partitions the partitions of a partitioned request, else 0
   */
  constructor(keep?: unknown, partitions = 0) {
    super(keep, undefined, true);
    this.#partitions = partitions;
  }

  /** The number of partitions (`Psend_init` / `Precv_init`), else 0. */
  get partitions(): number {
    return this.#partitions;
  }

  /** Marks partition `partition` of a partitioned send ready (`MPI_Pready`). */
  Pready(partition: number): void {
    pready(this.cell, this.#partitions, partition);
  }

  /** Marks partitions `lo` to `hi` (inclusive) ready (`MPI_Pready_range`). */
  Pready_range(lo: number, hi: number): void {
    preadyRange(this.cell, this.#partitions, lo, hi);
  }

  /** Marks the partitions of `list` ready (`MPI_Pready_list`). */
  Pready_list(list: ArrayLike<number>): void {
    preadyList(this.cell, this.#partitions, list);
  }

  /** Whether partition `partition` of a partitioned receive has arrived (`MPI_Parrived`). */
  Parrived(partition: number): boolean {
    return parrived(this.cell, this.#partitions, partition);
  }

  /** Starts the operation. */
  Start(): void {
    check(lib.MPI_Start(this.cell), "MPI_Start");
  }

  /** Starts every request of `reqs`. */
  static Startall(reqs: Prequest[]): void {
    const list = checkRequests(reqs, "requests");
    const cells = gather(list);
    check(lib.MPI_Startall(list.length, cells), "MPI_Startall");
    scatter(list, cells);
  }
}

/** The null request. */
export const REQUEST_NULL: Request = new Request();
